//! A few permits for the pages that need much memory while they are made:
//! the listings of every claim or article hold a card per item in their
//! template context. Rendered on every thread at once, at 100,000 articles
//! they added about 700 MB to the build's peak; as many at a time as there
//! are cores, they cost no time.

use std::sync::{Condvar, Mutex, PoisonError};

/// Counting permits: [`Permits::take`] waits while all are taken. What
/// runs under a permit must not wait on parallel work of the same pool:
/// meanwhile its thread could take up another big page and wait for a
/// permit it holds itself.
pub struct Permits {
    free: Mutex<usize>,
    returned: Condvar,
}

/// A permit, given back when dropped.
pub struct Permit<'a>(&'a Permits);

impl Permits {
    /// As many permits as the machine has cores.
    pub fn per_core() -> Permits {
        Permits::new(std::thread::available_parallelism().map_or(1, usize::from))
    }

    pub fn new(n: usize) -> Permits {
        Permits {
            free: Mutex::new(n.max(1)),
            returned: Condvar::new(),
        }
    }

    /// Waits for a permit.
    pub fn take(&self) -> Permit<'_> {
        let mut free = self.free.lock().unwrap_or_else(PoisonError::into_inner);
        while *free == 0 {
            free = self
                .returned
                .wait(free)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *free -= 1;
        Permit(self)
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        *self.0.free.lock().unwrap_or_else(PoisonError::into_inner) += 1;
        self.0.returned.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn no_more_than_the_permits_run_at_once() {
        let permits = Permits::new(2);
        let (running, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    let _p = permits.take();
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    running.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        assert_eq!(most.load(Ordering::SeqCst), 2);
    }
}
