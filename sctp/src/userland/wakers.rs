//! The wakers of the tasks waiting on one userland socket (feature `tokio`).
//!
//! usrsctp's upcall says only that something changed on a socket, not whether it became readable
//! or writable, so every waiting task is woken and tries its call again; a task whose call still
//! would block registers again. Each waiting future owns a slot for as long as it lives, so any
//! number of tasks can wait on one socket; the `poll_*` methods, which have no future to keep a
//! slot in, share two fixed slots (receive and send side), as tokio's own sockets keep one waker
//! per direction.
//!
//! The slots are a vector that grows to the largest number of tasks that ever waited at once and
//! is reused from then on: waiting allocates nothing in the steady state (a waker is cloned only
//! when it changes, and tokio's wakers are reference counts).

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::Waker;

/// The slot of `poll_recv`, `poll_accept`, `poll_recv_ready` and `AsyncRead`.
pub(crate) const POLL_RECV: usize = 0;
/// The slot of `poll_send`, `poll_send_to`, `poll_send_ready` and `AsyncWrite`.
pub(crate) const POLL_SEND: usize = 1;
/// Slots below this are the fixed ones.
const FIXED: usize = 2;

#[derive(Default)]
struct Slot {
    /// Owned by a waiting future (the fixed slots always are).
    taken: bool,
    waker: Option<Waker>,
}

/// The registered wakers of one socket.
pub(crate) struct Wakers {
    /// How many slots hold a waker: the upcall takes the lock only when some do.
    armed: AtomicUsize,
    slots: Mutex<Vec<Slot>>,
}

impl Default for Wakers {
    fn default() -> Wakers {
        Wakers {
            armed: AtomicUsize::new(0),
            slots: Mutex::new(Vec::new()),
        }
    }
}

impl Wakers {
    fn slots(&self) -> std::sync::MutexGuard<'_, Vec<Slot>> {
        self.slots.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Registers `waker` in slot `*key`, taking a free slot first when `*key` is `None`.
    ///
    /// The caller reads the socket's upcall generation before its call and again after this
    /// returns: an upcall that came in between changed it, and one that comes later finds the
    /// waker (the count of armed slots is raised before the lock is released).
    pub(crate) fn register(&self, key: &mut Option<usize>, waker: &Waker) {
        let mut slots = self.slots();
        if slots.len() < FIXED {
            slots.resize_with(FIXED, Default::default);
            slots[POLL_RECV].taken = true;
            slots[POLL_SEND].taken = true;
        }
        let index = match *key {
            Some(i) => i,
            None => {
                let i = match slots.iter().skip(FIXED).position(|s| !s.taken) {
                    Some(free) => FIXED + free,
                    None => {
                        slots.push(Slot::default());
                        slots.len() - 1
                    }
                };
                slots[i].taken = true;
                *key = Some(i);
                i
            }
        };
        let slot = &mut slots[index];
        match &slot.waker {
            Some(old) if old.will_wake(waker) => {}
            Some(_) => slot.waker = Some(waker.clone()),
            None => {
                slot.waker = Some(waker.clone());
                self.armed.fetch_add(1, Ordering::SeqCst);
            }
        }
    }

    /// Gives a future's slot back (its waker, if still there, is dropped unwoken).
    pub(crate) fn release(&self, key: usize) {
        if key < FIXED {
            return;
        }
        let mut slots = self.slots();
        if let Some(slot) = slots.get_mut(key) {
            slot.taken = false;
            if slot.waker.take().is_some() {
                self.armed.fetch_sub(1, Ordering::SeqCst);
            }
        }
    }

    /// Drops every registered waker unwoken: the socket is closed, and its readiness object will
    /// serve another socket (the `poll_*` slots are the ones that may still hold a waker).
    pub(crate) fn clear(&self) {
        let mut slots = self.slots();
        for slot in slots.iter_mut().skip(FIXED) {
            slot.taken = false;
        }
        for slot in slots.iter_mut() {
            slot.waker = None;
        }
        self.armed.store(0, Ordering::SeqCst);
    }

    /// Wakes every registered task (called from usrsctp's upcall, after the generation was
    /// raised). Inline: the upcall runs for every packet, and mostly finds no task waiting.
    #[inline]
    pub(crate) fn wake_all(&self) {
        if self.armed.load(Ordering::SeqCst) != 0 {
            self.wake_registered();
        }
    }

    /// Takes the wakers out one at a time and wakes each with the lock released: a waker may
    /// drop the last reference to its task, and with it a waiting future that gives its slot back
    /// (which takes the lock).
    #[cold]
    fn wake_registered(&self) {
        let mut next = 0;
        loop {
            let taken = {
                let mut slots = self.slots();
                let found = slots
                    .iter_mut()
                    .enumerate()
                    .skip(next)
                    .find_map(|(i, slot)| slot.waker.take().map(|w| (i, w)));
                if found.is_some() {
                    self.armed.fetch_sub(1, Ordering::SeqCst);
                }
                found
            };
            match taken {
                Some((i, waker)) => {
                    waker.wake();
                    next = i + 1;
                }
                None => return,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::AtomicUsize;
    use std::task::Wake;

    struct Count(AtomicUsize);

    impl Wake for Count {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    /// A waker whose wake drops the waiting future, which gives its slot back.
    struct Releasing(Arc<Wakers>, usize);

    impl Wake for Releasing {
        fn wake(self: Arc<Self>) {
            self.0.release(self.1);
        }
    }

    #[test]
    fn a_wake_that_gives_a_slot_back_does_not_deadlock() {
        let wakers = Arc::new(Wakers::default());
        let mut keys = [None, None];
        for key in &mut keys {
            // Reserve the slot first so that the waker can name it.
            wakers.register(key, &Waker::from(Arc::new(Count(AtomicUsize::new(0)))));
            let waker = Waker::from(Arc::new(Releasing(Arc::clone(&wakers), key.unwrap())));
            wakers.register(key, &waker);
        }
        wakers.wake_all();
        assert_eq!(wakers.armed.load(Ordering::SeqCst), 0);
        let mut again = None;
        wakers.register(
            &mut again,
            &Waker::from(Arc::new(Count(AtomicUsize::new(0)))),
        );
        assert_eq!(again, keys[0], "the released slot is reused");
    }

    #[test]
    fn every_registered_task_is_woken_once_and_released_slots_are_reused() {
        let wakers = Wakers::default();
        let a = Arc::new(Count(AtomicUsize::new(0)));
        let b = Arc::new(Count(AtomicUsize::new(0)));
        let (mut ka, mut kb) = (None, None);
        wakers.register(&mut ka, &Waker::from(Arc::clone(&a)));
        wakers.register(&mut kb, &Waker::from(Arc::clone(&b)));
        assert_ne!(ka, kb);
        assert!(ka.unwrap() >= FIXED && kb.unwrap() >= FIXED);
        wakers.wake_all();
        wakers.wake_all();
        assert_eq!(a.0.load(Ordering::SeqCst), 1);
        assert_eq!(b.0.load(Ordering::SeqCst), 1);
        // A released slot is not woken and is handed to the next waiter.
        wakers.register(&mut ka, &Waker::from(Arc::clone(&a)));
        wakers.release(ka.unwrap());
        wakers.wake_all();
        assert_eq!(a.0.load(Ordering::SeqCst), 1);
        let mut kc = None;
        wakers.register(&mut kc, &Waker::from(Arc::clone(&b)));
        assert_eq!(kc, ka);
        // The fixed slots keep one waker each: the last registered wins.
        let mut fixed = Some(POLL_RECV);
        wakers.register(&mut fixed, &Waker::from(Arc::clone(&a)));
        wakers.register(&mut fixed, &Waker::from(Arc::clone(&b)));
        wakers.wake_all();
        assert_eq!(a.0.load(Ordering::SeqCst), 1);
        assert_eq!(b.0.load(Ordering::SeqCst), 3);
    }
}
