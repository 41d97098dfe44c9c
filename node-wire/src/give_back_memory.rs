//! Memory freed after a burst, given back to the system instead of kept by the allocator.
//!
//! Before any of our code runs, actix-http parses every request pipelined behind a response in
//! progress: up to 128 KiB of them per connection, each with a header map made for 32 headers
//! (6.7 KB), so one client can make the server take some 30 MB. All of it is freed when the
//! client goes, but glibc's allocator keeps freed pages in its arenas for reuse, and the server
//! would stay that size for good (twelve such clients: 6 MB -> 290 MB, measured). So once a
//! second a thread asks glibc how much it holds free and, past [`FREE_KIB_KEPT`], has
//! `malloc_trim` give it back. Other allocators (musl, macOS, Windows) return memory themselves;
//! there this does nothing.

/// How much free memory the allocator may keep for reuse. Ordinary traffic keeps a few MB free
/// and reuses it (1,800 abandoned streams went past 4 MiB); trimming that only hands back pages
/// that the next requests fault in again, and a trim walks every arena. So it is kept for what a
/// burst leaves (a backlog of pipelined requests: hundreds of MB).
#[cfg_attr(not(all(target_os = "linux", target_env = "gnu")), allow(dead_code))]
const FREE_KIB_KEPT: usize = 16 * 1024;

/// Starts the thread (once per process; later calls do nothing).
pub fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        static START: std::sync::Once = std::sync::Once::new();
        START.call_once(|| {
            // Without the thread (no more threads allowed), memory is kept as before.
            let _ = std::thread::Builder::new()
                .name("give-back-memory".into())
                .spawn(|| {
                    loop {
                        std::thread::sleep(std::time::Duration::from_secs(1));
                        glibc::give_back_if_over(FREE_KIB_KEPT);
                    }
                });
        });
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[expect(
    unsafe_code,
    reason = "glibc's mallinfo and malloc_trim have no safe binding"
)]
mod glibc {
    /// Trims every arena when they hold more than `kept_kib` free.
    pub(super) fn give_back_if_over(kept_kib: usize) {
        // SAFETY: both take no pointer and lock each arena while they look at it; any thread may
        // call them at any time. `mallinfo`'s counters are `int`s: read as unsigned, they hold
        // up to 4 GiB, far past the threshold.
        unsafe {
            let free_bytes = libc::mallinfo().fordblks as u32 as usize;
            if free_bytes / 1024 > kept_kib {
                libc::malloc_trim(0);
            }
        }
    }
}
