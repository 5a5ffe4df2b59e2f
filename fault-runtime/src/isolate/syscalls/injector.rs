//! The supervisor's side of a case's syscall faults: it receives the listener the case's
//! process sends once its filter is installed, answers every watched call, and counts.

use std::os::fd::{AsFd, BorrowedFd, OwnedFd};

use crate::isolate::syscalls::SyscallCount;
use crate::isolate::syscalls::rules::{self, Rule};
use crate::sys::seccomp::{Answer, Call, Listener};

/// One case's syscall faults, as its supervisor serves them.
#[derive(Debug, Default)]
pub(crate) struct Injector {
    rules: Vec<Rule>,
    counts: Vec<SyscallCount>,
    listener: Option<Listener>,
    /// Why serving stopped early, if it did.
    trouble: Option<String>,
}

impl Injector {
    /// The injector of `specs`, in the order the record lists them.
    pub(crate) fn new(specs: &[String]) -> Result<Self, String> {
        let rules = rules::resolve(specs)?;
        Ok(Injector {
            counts: vec![SyscallCount::default(); rules.len()],
            rules,
            listener: None,
            trouble: None,
        })
    }

    /// Whether the case has syscall faults at all.
    pub(crate) fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Takes the listener the case's own process sent; a second one is refused (dropped).
    pub(crate) fn listen(&mut self, listener: OwnedFd) {
        if self.listener.is_none() && !self.is_empty() {
            self.listener = Some(Listener::new(listener));
        }
    }

    /// The descriptor to wait on while calls may come.
    pub(crate) fn fd(&self) -> Option<BorrowedFd<'_>> {
        self.listener.as_ref().map(AsFd::as_fd)
    }

    /// Serves what the listener polled: answers the waiting call, or stops listening once every
    /// process of the filter is gone.
    pub(crate) fn serve(&mut self, readable: bool, hung_up: bool) {
        let Some(listener) = &self.listener else {
            return;
        };
        if readable {
            match listener.receive() {
                Ok(Some(call)) => {
                    let answer = self.decide(&call);
                    if let Err(err) = self
                        .listener
                        .as_ref()
                        .map(|l| l.answer(&call, answer))
                        .transpose()
                    {
                        self.stop(format!("answering a watched syscall failed: {err}"));
                    }
                    return;
                }
                Ok(None) => return,
                Err(err) => {
                    self.stop(format!("receiving a watched syscall failed: {err}"));
                    return;
                }
            }
        }
        if hung_up {
            self.listener = None;
        }
    }

    /// Counts the call for every spec of its syscall; the first spec whose turn it is fails it.
    fn decide(&mut self, call: &Call) -> Answer {
        let mut answer = Answer::Continue;
        for (rule, count) in self.rules.iter().zip(self.counts.iter_mut()) {
            if rule.nr != call.nr {
                continue;
            }
            count.calls += 1;
            if answer == Answer::Continue && rule.when.fails(count.calls) {
                count.injected += 1;
                answer = Answer::Fail(rule.errno);
            }
        }
        answer
    }

    fn stop(&mut self, why: String) {
        self.listener = None;
        self.trouble.get_or_insert(why);
    }

    /// The counts per spec, and what went wrong serving them, once the case is over.
    pub(crate) fn finish(self) -> (Vec<SyscallCount>, Option<String>) {
        (self.counts, self.trouble)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn every_spec_of_a_syscall_counts_and_the_first_due_one_fails_the_call() {
        let mut injector = Injector::new(&[
            "write:ENOSPC@2".to_owned(),
            "write:EIO@2..".to_owned(),
            "fsync:EIO".to_owned(),
        ])
        .unwrap();
        let call = |nr| Call { id: 0, pid: 1, nr };
        let answers: Vec<Answer> = (0..3).map(|_| injector.decide(&call(1))).collect();
        assert_eq!(
            answers,
            [
                Answer::Continue,
                Answer::Fail(libc::ENOSPC),
                Answer::Fail(libc::EIO)
            ]
        );
        assert_eq!(injector.decide(&call(74)), Answer::Fail(libc::EIO));
        let (counts, trouble) = injector.finish();
        assert_eq!(trouble, None);
        let counts: Vec<(u64, u64)> = counts.iter().map(|c| (c.calls, c.injected)).collect();
        assert_eq!(counts, [(3, 1), (3, 1), (1, 1)]);
    }
}
