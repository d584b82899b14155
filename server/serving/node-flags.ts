// The Node.js flags a predict server process starts with (`headrace start` gives them to its `headrace serve`
// child; run `node --max-semi-space-size=64 bin/headrace.js serve` to do the same by hand). A young generation of
// 64 MiB semi-spaces lets a request's garbage die young instead of being promoted: on one core at 2000 req/s after
// a burst of overload, the longest stall of the request thread fell from about 55 ms (V8's default semi-space) to
// about 18 ms, mostly by sparing the old generation's mark-compact pauses (docs/benchmarks.md, the serve bench).
// V8 reads the flag when the process starts; setting it later from inside the process changes nothing.
export const PREDICT_SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
