//! Telling a file too large for the module from a bug. Running out of memory stops a
//! WebAssembly module (Rust aborts, and an abort is a trap), and all the JS side then sees is
//! `RuntimeError: unreachable`; so the module notes, before it stops, that it was refused
//! memory, and the JS side asks ([`out_of_memory_error`]).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, Ordering};

use wasm_bindgen::prelude::*;

// Whether the module was refused memory: an allocation the allocator could not meet, or one
// larger than a 32-bit module can address (Rust's "capacity overflow" panic). A refused request
// the analysis does without (room taken in advance) counts too: a trap after it most likely has
// the same cause.
static MEMORY_REFUSED: AtomicBool = AtomicBool::new(false);

/// The module's allocator: the system's, noting a request it refuses.
struct NotingAllocator;

impl NotingAllocator {
    fn noted(pointer: *mut u8) -> *mut u8 {
        if pointer.is_null() {
            MEMORY_REFUSED.store(true, Ordering::Relaxed);
        }
        pointer
    }
}

// SAFETY: every call goes to `System` as it came, and its result comes back unchanged.
unsafe impl GlobalAlloc for NotingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        Self::noted(System.alloc(layout))
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        Self::noted(System.alloc_zeroed(layout))
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        Self::noted(System.realloc(pointer, layout, new_size))
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        System.dealloc(pointer, layout)
    }
}

#[global_allocator]
static ALLOCATOR: NotingAllocator = NotingAllocator;

/// Runs when the module is instantiated: notes a "capacity overflow" panic as memory refused.
#[wasm_bindgen(start)]
fn note_capacity_overflows() {
    std::panic::set_hook(Box::new(|panic| {
        if panic.payload().downcast_ref::<&str>() == Some(&"capacity overflow") {
            MEMORY_REFUSED.store(true, Ordering::Relaxed);
        }
    }));
}

/// Once a call has stopped the module (thrown a `WebAssembly.RuntimeError`): the error with the
/// code `outOfMemory` when it stopped for want of memory, `undefined` otherwise.
#[wasm_bindgen(js_name = outOfMemoryError)]
pub fn out_of_memory_error() -> Option<JsValue> {
    MEMORY_REFUSED
        .load(Ordering::Relaxed)
        .then(|| super::core_error(crate::ErrorKind::OutOfMemory.into()))
}
