//! A supervisor's wait loops' view of the case's syscall faults: one more descriptor to poll,
//! and what to do when it is ready. Elsewhere than Linux the case's process reports syscall
//! faults unavailable, and there is nothing to serve.

use rustix::event::{PollFd, PollFlags};
use std::os::fd::BorrowedFd;

use crate::isolate::supervise::report_channel::{Report, ReportChannel};
#[cfg(target_os = "linux")]
use crate::isolate::syscalls::Injector;
use crate::isolate::syscalls::SyscallCount;

/// The case's syscall faults, while its supervisor waits for it.
#[derive(Debug)]
pub(crate) struct SyscallFaults {
    #[cfg(target_os = "linux")]
    injector: Injector,
    #[cfg(not(target_os = "linux"))]
    specs: usize,
}

impl SyscallFaults {
    /// The faults of `specs`; an error names a spec the target cannot resolve.
    pub(crate) fn new(specs: &[String]) -> Result<Self, String> {
        Ok(SyscallFaults {
            #[cfg(target_os = "linux")]
            injector: Injector::new(specs)?,
            #[cfg(not(target_os = "linux"))]
            specs: specs.len(),
        })
    }

    /// The listener to poll for calls, once the case sent it; else `placeholder`, polled for
    /// nothing.
    pub(crate) fn poll_fd<'a>(&'a self, placeholder: BorrowedFd<'a>) -> PollFd<'a> {
        #[cfg(target_os = "linux")]
        if let Some(fd) = self.injector.fd() {
            return PollFd::from_borrowed_fd(fd, PollFlags::IN);
        }
        PollFd::from_borrowed_fd(placeholder, PollFlags::empty())
    }

    /// What a wait loop does once its poll returned: answers a waiting call (`calls`: the
    /// listener's events), and, when the report channel was readable (`reported`), reads what
    /// the case's process `case` wrote and takes the listener it sent. Calls made once the
    /// body is over are let through uncounted; nothing is read before the case is known.
    pub(crate) fn after_poll(
        &mut self,
        (calls, reported): (PollFlags, bool),
        report: &mut Report,
        channel: &ReportChannel,
        case: Option<u32>,
    ) {
        self.serve(calls, || match case {
            Some(pid) => {
                report.read_available(channel, pid);
                report.body_ended()
            }
            None => false,
        });
        if let (true, Some(pid)) = (reported, case) {
            report.read_available(channel, pid);
            self.listen(report);
        }
    }

    /// Answers a waiting call, or stops listening once nobody can call any more.
    /// `body_ended` reads what the case reported so far and says whether its body is over:
    /// calls after that are let through uncounted.
    fn serve(&mut self, events: PollFlags, body_ended: impl FnOnce() -> bool) {
        #[cfg(target_os = "linux")]
        self.injector.serve(
            events.contains(PollFlags::IN),
            events.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL),
            body_ended,
        );
        #[cfg(not(target_os = "linux"))]
        let _ = (events, body_ended);
    }

    /// Takes the listener from what the case reported, if it sent one.
    fn listen(&mut self, report: &mut Report) {
        if let Some(listener) = report.take_listener() {
            #[cfg(target_os = "linux")]
            self.injector.listen(listener);
            #[cfg(not(target_os = "linux"))]
            drop(listener);
        }
    }

    /// The counts per spec and what went wrong serving them.
    pub(crate) fn finish(self) -> (Vec<SyscallCount>, Option<String>) {
        #[cfg(target_os = "linux")]
        return self.injector.finish();
        #[cfg(not(target_os = "linux"))]
        (vec![SyscallCount::default(); self.specs], None)
    }
}
