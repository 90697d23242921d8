import { sha256Hex } from '../src/lib/crypto';
const a = await sha256Hex('abcÄ€'); const d = await crypto.subtle.digest('SHA-256', new TextEncoder().encode('abcÄ€'));
console.log(a === [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join(''), a);
