//! Independent pieces of work at once, where the target has threads.
//!
//! Natively the second core takes one of the pieces; a WebAssembly module in a browser has no
//! threads, so there the pieces run one after the other. Each piece computes exactly what it
//! would alone, so results are the same bits on every target.

/// Runs `a` and `b` and returns both results: natively `a` on a scoped thread while `b` runs on
/// this one, in wasm32 `a` first, then `b`. A panic in `a` carries on in the caller, as if `a`
/// had run here.
///
/// Natively, like `std::thread::spawn`, it panics if the system cannot start a thread.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn join<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    std::thread::scope(|scope| {
        let a = scope.spawn(a);
        let b = b();
        match a.join() {
            Ok(a) => (a, b),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
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
    fn a_panic_in_the_other_thread_reaches_the_caller() {
        let outcome = std::panic::catch_unwind(|| join(|| panic!("first piece"), || 2));
        let payload = outcome.expect_err("the panic should propagate");
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"first piece"));
    }
}
