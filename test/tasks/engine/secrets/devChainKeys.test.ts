import assert from 'node:assert/strict';
import { createECDH, createHmac, pbkdf2Sync } from 'node:crypto';
import { DEV_CHAIN_MNEMONICS, isDevChainKey } from '../../../../tasks/engine/secrets/devChainKeys';
import { isDocumentedExample } from '../../../../tasks/engine/secrets/placeholders';

// secp256k1's group order.
const N = BigInt('0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141');
const HARDENED = 0x80000000;

type Node = { key: Buffer; chain: Buffer };

/** BIP-32 private child derivation. */
function child({ key, chain }: Node, index: number): Node {
  const data = Buffer.alloc(37);
  if (index >= HARDENED) key.copy(data, 1);
  else {
    const ecdh = createECDH('secp256k1');
    ecdh.setPrivateKey(key);
    ecdh.getPublicKey(null, 'compressed').copy(data, 0);
  }
  data.writeUInt32BE(index, 33);
  const i = createHmac('sha512', chain).update(data).digest();
  const k = (BigInt(`0x${i.subarray(0, 32).toString('hex')}`) + BigInt(`0x${key.toString('hex')}`)) % N;
  return { key: Buffer.from(k.toString(16).padStart(64, '0'), 'hex'), chain: i.subarray(32) };
}

/** The first `count` keys of m/44'/60'/0'/0/i from a BIP-39 mnemonic with no passphrase. */
function derive(mnemonic: string, count: number): string[] {
  const seed = pbkdf2Sync(mnemonic.normalize('NFKD'), 'mnemonic', 2048, 64, 'sha512');
  const master = createHmac('sha512', 'Bitcoin seed').update(seed).digest();
  let node: Node = { key: master.subarray(0, 32), chain: master.subarray(32) };
  for (const i of [44 + HARDENED, 60 + HARDENED, HARDENED, 0]) node = child(node, i);
  return Array.from({ length: count }, (_, i) => child(node, i).key.toString('hex'));
}

describe('devChainKeys', () => {
  for (const [tool, { mnemonic, accounts }] of Object.entries(DEV_CHAIN_MNEMONICS)) {
    it(`holds every account key ${tool} derives from its published mnemonic`, () => {
      const keys = derive(mnemonic, accounts);
      assert.equal(keys.length, accounts);
      for (const k of keys) assert.equal(isDevChainKey(k), true, k);
    });
  }

  it("knows Hardhat's first account as every Hardhat user sees it, with or without 0x, in either case", () => {
    const first = 'ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
    for (const v of [first, `0x${first}`, first.toUpperCase(), `0x${first.toUpperCase()}`]) {
      assert.equal(isDevChainKey(v), true, v);
      assert.equal(isDocumentedExample(v), true, v);
    }
  });

  it("knows the keys web3.js' docs, go-ethereum's tests and the Go Ethereum Book publish", () => {
    for (const k of [
      '0x348ce564d427a3311b6536bbcff9390d69395b06ed6c486954e971d960fe8709',
      '0x4C0883A69102937D6231471B5DBB6204FE5129617082792AE468D01A3F362318',
      'b71c71a67e1177ad4e901695e1b4b9ee17ae16c6668d313eac2f96dbcda3f291',
      'fad9c8855b740a0b7ed4c221dbad0f33a83a49cad6b3fe8d5817ac83d38b6a19',
    ]) assert.equal(isDocumentedExample(k), true, k);
  });

  it('takes no other key, and no longer or shorter value', () => {
    const first = 'ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
    assert.equal(isDevChainKey(`${first.slice(0, 63)}1`), false, 'one digit changed');
    assert.equal(isDevChainKey(`${first}00`), false);
    assert.equal(isDevChainKey(first.slice(2)), false);
    assert.equal(isDevChainKey(`0y${first}`), false);
    assert.equal(isDevChainKey(derive('test test test test test test test test test test test junk', 21)[20]), false, 'an account past the ones Hardhat creates');
  });
});
