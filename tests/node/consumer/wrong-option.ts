// Must NOT type-check: `asof` is not an option (it is `asOf`).
import { analyze } from 'custval';

export const report = analyze(new Uint8Array(), { asof: '2024-03-01' });
