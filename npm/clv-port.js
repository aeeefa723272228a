// The lifetime-value fit in a second worker, over a MessagePort. The models take about as long
// to fit as the customers take to score and cluster, and the two share nothing, so on a large
// file the analysis is done sooner when they run at once (npm/clv-worker.js).

/**
 * A `fitClv` hook (see `analyzeForExports`) that has the models fitted at the other end of
 * `port`, by `serveFits`; the inputs it is given are moved there (their buffer is detached). Its `fail(reason)` rejects the fits under way and every later one, for
 * when the other worker is gone; each then falls back to fitting where the analysis runs. Should
 * a fit stop the other end's module (it ran out of memory, say), the hook fails and calls
 * `onStopped`, for that worker to be replaced.
 */
export function fitsOver(port, onStopped) {
  const pending = new Map();
  let nextId = 0;
  let failure;
  port.onmessage = ({ data: { id, result, error } }) => {
    const fit = pending.get(id);
    pending.delete(id);
    if (!error) {
      fit?.resolve(result);
      return;
    }
    const reason = Object.assign(new Error(error.message), { code: error.code });
    fit?.reject(reason);
    if (error.moduleStopped && !failure) {
      fitClv.fail(reason);
      onStopped?.();
    }
  };
  const fitClv = (inputs) =>
    new Promise((resolve, reject) => {
      if (failure) throw failure;
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      // Moved, not copied: at 20,000,000 rows the inputs of 1.6 million customers are 51 MB.
      port.postMessage({ id, inputs }, [inputs.buffer]);
    });
  fitClv.fail = (reason) => {
    failure = reason;
    for (const fit of pending.values()) fit.reject(reason);
    pending.clear();
  };
  return fitClv;
}

/** Answers the fits that `fitsOver` asks for on `port`, with `fitClv` (the package's). */
export function serveFits(port, fitClv) {
  port.onmessage = async ({ data: { id, inputs } }) => {
    try {
      port.postMessage({ id, result: await fitClv(inputs) });
    } catch (error) {
      const { message = String(error), code = 'internal', moduleStopped } = error ?? {};
      port.postMessage({ id, error: { message, code, moduleStopped } });
    }
  };
}
