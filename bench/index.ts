export async function runBench(_o: unknown) { throw new Error("not yet"); }
