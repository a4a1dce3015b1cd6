import assert from 'node:assert/strict';
import { parseMavenPom } from '../../../../../tasks/engine/deps/parsers/mavenPom';
import { ManifestError } from '../../../../../tasks/engine/deps/types';
import { ecosystems, fixtureText, pkgs, siblings, unchecked } from '../support/parsed';

describe('Maven pom.xml', () => {
  it('properties resolved (also inside artifactId), managed versions reported at the using dependency', () => {
    const m = parseMavenPom(fixtureText('maven/pom.xml'), 'pom.xml');
    assert.deepEqual(pkgs(m), [
      'org.apache.logging.log4j:log4j-core@2.14.1:42',
      'com.typesafe.akka:akka-actor_2.12@2.5.10:47',
      'com.fasterxml.jackson.core:jackson-databind@2.12.7.1:49',
      'com.acme:acme-common@3.1.0:56',
      'com.fasterxml.jackson.core:jackson-databind@2.12.7.1:28',
      'org.xwiki.commons:xwiki-commons-core@12.10.1:33',
    ]);
    assert.deepEqual(unchecked(m), ['org.springframework.boot:spring-boot-starter-web:58', 'io.netty:netty-codec:65', 'junit:junit:70']);
    assert.match(m.unchecked[1].reason, /\$\{netty\.version\}/);
    assert.deepEqual(ecosystems(m), ['Maven']);
  });

  it('property chains resolve; a cycle is reported, not looped on', () => {
    const pom = (props: string) =>
      `<project><properties>${props}</properties><dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId><version>\${v}</version></dependency></dependencies></project>`;
    assert.deepEqual(pkgs(parseMavenPom(pom('<v>${w}</v><w>1.2</w>'), 'pom.xml')), ['g:a@1.2:1']);
    assert.equal(parseMavenPom(pom('<v>${w}</v><w>${v}</w>'), 'pom.xml').unchecked.length, 1);
  });

  it('rejects broken XML and a root that is not <project>', () => {
    assert.throws(() => parseMavenPom(fixtureText('malformed/pom.xml'), 'pom.xml'), ManifestError);
    assert.throws(() => parseMavenPom('<settings/>', 'pom.xml'), /not <project>/);
  });

  it('dependencies of build plugins count, and findings point at the <version> line', () => {
    const pom = [
      '<project>',
      '  <groupId>g</groupId><artifactId>a</artifactId><version>1</version>',
      '  <build>',
      '    <plugins>',
      '      <plugin>',
      '        <artifactId>maven-antrun-plugin</artifactId>',
      '        <dependencies>',
      '          <dependency>',
      '            <groupId>org.apache.ant</groupId>',
      '            <artifactId>ant</artifactId>',
      '            <version>1.9.0</version>',
      '          </dependency>',
      '        </dependencies>',
      '      </plugin>',
      '    </plugins>',
      '  </build>',
      '</project>',
    ].join('\n');
    assert.deepEqual(pkgs(parseMavenPom(pom, 'pom.xml', siblings())), ['org.apache.ant:ant@1.9.0:11']);
  });

  it('a parent POM in the tree (relativePath, default ../pom.xml) lends properties and managed versions', () => {
    const parent = [
      '<project>',
      '  <groupId>com.acme</groupId><artifactId>parent</artifactId><version>1</version>',
      '  <properties><jackson.version>2.9.8</jackson.version></properties>',
      '  <dependencyManagement><dependencies>',
      '    <dependency><groupId>org.yaml</groupId><artifactId>snakeyaml</artifactId><version>1.26</version></dependency>',
      '  </dependencies></dependencyManagement>',
      '</project>',
    ].join('\n');
    const child = (relativePath: string) =>
      [
        '<project>',
        `  <parent><groupId>com.acme</groupId><artifactId>parent</artifactId><version>1</version>${relativePath}</parent>`,
        '  <artifactId>svc</artifactId>',
        '  <dependencies>',
        '    <dependency>',
        '      <groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId>',
        '      <version>${jackson.version}</version>',
        '    </dependency>',
        '    <dependency><groupId>org.yaml</groupId><artifactId>snakeyaml</artifactId></dependency>',
        '  </dependencies>',
        '</project>',
      ].join('\n');
    const m = parseMavenPom(child(''), 'svc/pom.xml', siblings({ '../pom.xml': parent }));
    assert.deepEqual(pkgs(m), ['com.fasterxml.jackson.core:jackson-databind@2.9.8:7', 'org.yaml:snakeyaml@1.26:9']);
    assert.deepEqual(unchecked(m), []);
    const elsewhere = parseMavenPom(child('<relativePath>../build/parent.xml</relativePath>'), 'svc/pom.xml', siblings({ '../build/parent.xml': parent }));
    assert.equal(elsewhere.packages.length, 2);
    const absent = parseMavenPom(child(''), 'svc/pom.xml', siblings());
    assert.deepEqual(absent.packages, []);
    assert.equal(absent.unchecked.length, 2, 'without the parent both versions are unknown');
    const wrong = parseMavenPom(child(''), 'svc/pom.xml', siblings({ '../pom.xml': parent.replace('<artifactId>parent</artifactId>', '<artifactId>other</artifactId>') }));
    assert.equal(wrong.packages.length, 0, 'a POM that is not the named parent is ignored, as Maven does');
  });
});
