//! Independent pieces of work at once, where the target has threads.
//!
//! Natively the second core takes one of the pieces; a WebAssembly module in a browser has no
//! threads, so there the pieces run one after the other. Each piece computes exactly what it
//! would alone, so results are the same bits on every target.

/// Runs `a` and `b` and returns both results: natively `a` on a scoped thread while `b` runs on
/// this one, in wasm32 `a` first, then `b`. A panic in `a` carries on in the caller, as if `a`
/// had run here. Where the system cannot start a thread, `a` runs here after `b`.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn join<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    join_on(std::thread::Builder::new(), a, b)
}

/// [`join`], with `a`'s thread made by `builder`.
#[cfg(not(target_arch = "wasm32"))]
fn join_on<A: Send, B>(
    builder: std::thread::Builder,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B,
) -> (A, B) {
    // The task waits in a cell that only the piece which runs it empties: a thread that fails
    // to start drops its closure unrun, and the task is still there to run here.
    let task = std::sync::Mutex::new(Some(a));
    let run = || {
        let a = task.lock().ok()?.take();
        a.map(|a| a())
    };
    let (on_thread, b) = std::thread::scope(|scope| {
        let thread = builder.spawn_scoped(scope, run);
        let b = b();
        let on_thread = match thread.map(|thread| thread.join()) {
            Ok(Ok(a)) => a,
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Err(_) => None,
        };
        (on_thread, b)
    });
    match on_thread.or_else(run) {
        Some(a) => (a, b),
        None => unreachable!("the task is taken once, and the lock is never held across a panic"),
    }
}

/// Runs `a`, then `b`, and returns both results: a WebAssembly module in a browser has one
/// thread.
#[cfg(target_arch = "wasm32")]
pub(crate) fn join<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    let a = a();
    (a, b())
}

/// `items.iter().map(f).collect()`, with every other item (the first, the third, …) mapped on
/// a second thread where there is one (see [`join`]); the results in the items' order. Taking
/// alternate items shares the work fairly when items cost more along the list (as k-means does
/// with k).
pub(crate) fn map_alternating<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let (from_first, from_second) = join(
        || items.iter().step_by(2).map(&f).collect::<Vec<R>>(),
        || items.iter().skip(1).step_by(2).map(&f).collect::<Vec<R>>(),
    );
    let mut from_second = from_second.into_iter();
    from_first
        .into_iter()
        .flat_map(|result| std::iter::once(result).chain(from_second.next()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{join, map_alternating};

    #[test]
    fn returns_both_results_in_order() {
        let numbers: Vec<u64> = (1..=1000).collect();
        let (evens, odds) = join(
            || numbers.iter().filter(|n| *n % 2 == 0).sum::<u64>(),
            || numbers.iter().filter(|n| *n % 2 == 1).sum::<u64>(),
        );
        // 2 + 4 + … + 1000 = 2 · (500 · 501 / 2); 1 + 3 + … + 999 = 500².
        assert_eq!((evens, odds), (250_500, 250_000));
    }

    #[test]
    fn maps_in_the_items_order() {
        for n in 0..6 {
            let items: Vec<usize> = (0..n).collect();
            let squares = map_alternating(&items, |i| i * i);
            assert_eq!(squares, [0, 1, 4, 9, 16, 25][..n], "{n} items");
        }
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn runs_the_first_piece_on_another_thread() {
        let here = std::thread::current().id();
        let (first, second) = join(
            || std::thread::current().id(),
            || std::thread::current().id(),
        );
        assert_eq!(second, here);
        assert_ne!(first, here);
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn runs_both_pieces_here_when_no_thread_can_start() {
        // No system gives a thread a stack of 2⁶² bytes.
        let builder = std::thread::Builder::new().stack_size(1 << 62);
        let here = std::thread::current().id();
        let (first, second) = super::join_on(
            builder,
            || (std::thread::current().id(), 1),
            || (std::thread::current().id(), 2),
        );
        assert_eq!((first, second), ((here, 1), (here, 2)));
    }

    #[test]
    fn a_panic_in_the_other_thread_reaches_the_caller() {
        let outcome = std::panic::catch_unwind(|| join(|| panic!("first piece"), || 2));
        let payload = outcome.expect_err("the panic should propagate");
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"first piece"));
    }
}
