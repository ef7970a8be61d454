// on-headers ships no types (and the @types package of that name is not its declarations).
declare module 'on-headers' {
  import type { ServerResponse } from 'node:http';
  function onHeaders<R extends ServerResponse>(res: R, listener: (this: R) => void): void;
  export default onHeaders;
}
