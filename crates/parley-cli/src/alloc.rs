//! The process's global allocator: mimalloc, called through its plain entry points.
//!
//! The coder makes many small short-lived allocations (mentions, matches, records), which
//! mimalloc serves several times faster than the system allocator (docs/performance.md).
//! The `mimalloc` crate's own wrapper sends every request through mimalloc's aligned entry
//! points, about twice the instructions of the plain ones. Most of Rust's requests ask for
//! an alignment of 8 or less, which every mimalloc block has, so those go the short way.

use libmimalloc_sys as mi;
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

/// The alignment every mimalloc block has: size classes are multiples of 8 bytes and the
/// first block of a page is 16-aligned. (Blocks of 16 bytes and more are not all
/// 16-aligned, so alignment 16, which hash tables ask for, takes the aligned path.)
const PLAIN_ALIGN: usize = 8;

pub struct Mimalloc;

/// Whether a plain (unaligned) call gives the alignment `layout` needs.
fn plain(layout: &Layout) -> bool {
    layout.align() <= PLAIN_ALIGN
}

// SAFETY: every block comes from mimalloc and goes back to it (`mi_free` takes blocks from
// both the plain and the aligned entry points), and the alignment asked for is honoured.
unsafe impl GlobalAlloc for Mimalloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: mimalloc's allocation functions accept any size; a null return is
        // passed on as the allocation failure the trait expects.
        unsafe {
            if plain(&layout) {
                mi::mi_malloc(layout.size()) as *mut u8
            } else {
                mi::mi_malloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as in `alloc`.
        unsafe {
            if plain(&layout) {
                mi::mi_zalloc(layout.size()) as *mut u8
            } else {
                mi::mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator (the trait's contract).
        unsafe { mi::mi_free(ptr as *mut c_void) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from this allocator with `layout` (the trait's contract); the
        // new block has the same alignment guarantee as the old.
        unsafe {
            if plain(&layout) {
                mi::mi_realloc(ptr as *mut c_void, new_size) as *mut u8
            } else {
                mi::mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_have_the_alignment_asked_for() {
        let a = Mimalloc;
        for align in [1usize, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1usize, 3, 8, 15, 16, 17, 100, 5000] {
                let Ok(layout) = Layout::from_size_align(size.max(align), align) else {
                    continue;
                };
                // SAFETY: the layout has a non-zero size; the block is freed once.
                unsafe {
                    let p = a.alloc(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size}, align {align}");
                    let q = a.realloc(p, layout, layout.size() * 3);
                    assert_eq!(q as usize % align, 0, "realloc: size {size}, align {align}");
                    a.dealloc(
                        q,
                        Layout::from_size_align(layout.size() * 3, align).unwrap(),
                    );
                }
            }
        }
    }
}
