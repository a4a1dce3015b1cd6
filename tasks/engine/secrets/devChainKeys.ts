/**
 * Private keys of the accounts local Ethereum chains create for development, the same on every
 * machine: derived from the mnemonic each tool publishes (BIP-39 seed, BIP-44 path
 * m/44'/60'/0'/0/i), and printed by the tool when it starts. Such a key in a Hardhat or
 * Truffle config, a bot's `.env` or a deploy script controls nothing a reader could not take
 * from the tool's own output; a project that funds one on a public chain is robbed by bots within
 * minutes, whatever any scanner says. The test derives every key again from its mnemonic.
 * Also the few keys Ethereum libraries publish in their documentation and tests, which tutorials
 * and forks copy: as public as the others.
 */
export const DEV_CHAIN_MNEMONICS = {
  /** Hardhat Network and Foundry's Anvil: 20 accounts. */
  hardhat: { mnemonic: 'test test test test test test test test test test test junk', accounts: 20 },
  /** `truffle develop`: 10 accounts. */
  truffle: { mnemonic: 'candy maple cake sugar pudding cream honey rich smooth crumble sweet treat', accounts: 10 },
  /** `ganache --deterministic` (ganache-cli -d): 10 accounts. */
  ganacheDeterministic: { mnemonic: 'myth like bonus scare over problem client lizard pioneer submit female collect', accounts: 10 },
} as const;

const DEV_CHAIN_KEYS = new Set([
  // Hardhat / Anvil
  'ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  '7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
  '47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a',
  '8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba',
  '92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e',
  '4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356',
  'dbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97',
  '2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6',
  'f214f2b2cd398c806f84e317254e0f0b801d0643303237d97a22a48e01628897',
  '701b615bbdfb9de65240bc28bd21bbc0d996645a3dd57e7b12bc2bdf6f192c82',
  'a267530f49f8280200edf313ee7af6b827f2a8bce2897751d06a843f644967b1',
  '47c99abed3324a2707c28affff1267e45918ec8c3f20b8aa892e8b065d2942dd',
  'c526ee95bf44d8fc405a158bb884d9d1238d99f0612e9f33d006bb0789009aaa',
  '8166f546bab6da521a8369cab06c5d2b9e46670292d85c875ee9ec20e84ffb61',
  'ea6c44ac03bff858b476bba40716402b03e41b8e97e276d1baec7c37d42484a0',
  '689af8efa8c651a91ad287602527f3af2fe9f6501a7ac4b061667b5a93e037fd',
  'de9be858da4a475276426320d5e9262ecfc3ba460bfac56360bfa6c4c28b4ee0',
  'df57089febbacf7ba0bc227dafbffa9fc08a93fdc68e1e42411a14efcf23656e',
  // truffle develop
  'c87509a1c067bbde78beb793e6fa76530b6382a4c0241e5e4a9ec0a0f44dc0d3',
  'ae6ae8e5ccbfb04590405997ee2d52d2b330726137b875053c36d94e974d162f',
  '0dbbe8e4ae425a6d2687f1a7e3ba17bc98c673636790f1b8ad91193c05875ef1',
  'c88b703fb08cbea894b6aeff5a544fb92e78a18e19814cd85da83b71f772aa6c',
  '388c684f0ba1ef5017716adb5d21a053ea8e90277d0868337519f97bede61418',
  '659cbb0e2411a44db63778987b1e22153c086a95eb6b18bdf89de078917abc63',
  '82d052c865f5763aad42add438569276c00d3d88a2d062d36b2bae914d58b8c8',
  'aa3680d5d48a8283413f7a108367c7299ca73f553735860a87b08f39395618b7',
  '0f62d96d6675f32685bbdb8ac13cda7c23436f63efbb9d07700d8669ff12b7c4',
  '8d5366123cb560bb606379f90a0bfd4769eecc0557f1b362dcae9012b548b1e5',
  // ganache --deterministic
  '4f3edf983ac636a65a842ce7c78d9aa706d3b113bce9c46f30d7d21715b23b1d',
  '6cbed15c793ce57650b9877cf6fa156fbef513c4e6134f022a85b1ffdd59b2a1',
  '6370fd033278c143179d81c5526140625662b8daa446c22ee2d73db3707e620c',
  '646f1ce2fdad0e6deeeb5c7e8e5543bdde65e86029e2fd9fc169899c440a7913',
  'add53f9a7e588d003326d1cbf9e4a43c061aadd9bc938c843a79e7b4fd2ad743',
  '395df67f0c2d2d9fe1ad08d1bc8b6627011959b79c53d7dd6a3536a33ab8a4fd',
  'e485d098507f54e7733a205420dfddbe58db035fa577fc294ebd14db90767a52',
  'a453611d9419d0e56f499079478fd72c37b251a94bfde4d19872c44cf65386e3',
  '829e924fdf021ba3dbbc4225edfece9aca04b929d6e75613329ca6f1d31c0bb4',
  'b0057716d5917badaf911b193b12b910811c1497b5bada8d7711f758981c3773',
  // TRON quickstart's (trontools/quickstart) funded account, in its README and TronWeb's examples.
  'da146374a75310b9666e834ee4ad0866d6f4035967bfc76217c5a495fff9f0d0',
  // web3.js' documentation: the key of its accounts.create / privateKeyToAccount examples and the
  // one its sign / signTransaction examples sign with.
  '348ce564d427a3311b6536bbcff9390d69395b06ed6c486954e971d960fe8709',
  '4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318',
  // go-ethereum's test keys (core's chain-maker example and tests: key1, key2, key3), copied into
  // the tests of every chain forked from it.
  'b71c71a67e1177ad4e901695e1b4b9ee17ae16c6668d313eac2f96dbcda3f291',
  '8a1f9a8f95be41cd7ccb6168179afb4504aefe388d1e14474d32c45c72ce7b7a',
  '49a7b37aa6f6645917e7b807e9d1c00d4fa71f18343b0d4122a4d2df64dd6fee',
  // The key of the Go Ethereum Book's transfer and signing examples (goethereumbook.org).
  'fad9c8855b740a0b7ed4c221dbad0f33a83a49cad6b3fe8d5817ac83d38b6a19',
]);

/** Whether `secret` is one of those keys (64 hex digits, with or without `0x`, either case). */
export function isDevChainKey(secret: string): boolean {
  const hex = secret.length === 66 && (secret.startsWith('0x') || secret.startsWith('0X')) ? secret.slice(2) : secret;
  return hex.length === 64 && DEV_CHAIN_KEYS.has(hex.toLowerCase());
}
