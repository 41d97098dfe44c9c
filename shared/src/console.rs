//! `console.log` and `console.error`: one line on stdout or stderr that never blocks a request.
//!
//! A plain `println!` waits until the terminal or pipe takes the line. When nobody reads (`| less`
//! left open, Ctrl-S in a terminal, a stuck log collector) the pipe fills, the worker that logs
//! waits, then every worker does, and the server stops answering. So each stream gets a bounded
//! queue and a thread of its own that writes it: a line that finds the queue full is dropped and
//! counted, and the count is written as soon as the stream takes lines again. Requests never wait
//! for the terminal; the terminal may miss lines. (`println!` would also panic once its stream is
//! gone, taking the request with it.)

use std::{
    fmt,
    io::{self, Write},
    sync::{
        Condvar, LazyLock, Mutex,
        atomic::{AtomicUsize, Ordering},
        mpsc::{self, Receiver, SyncSender, TrySendError},
    },
    thread,
    time::{Duration, Instant},
};

/// Lines waiting for a stream before new ones are dropped: a few seconds of a busy request log.
const QUEUED_LINES: usize = 1024;

/// `console.log(...)`: one line on stdout.
pub fn console_log(line: fmt::Arguments<'_>) {
    STDOUT.send(line);
}

/// `console.error(...)`: one line on stderr.
pub fn console_error(line: fmt::Arguments<'_>) {
    STDERR.send(line);
}

/// Waits, at most `limit`, until every queued line has been written: before the process exits.
pub fn flush_console(limit: Duration) {
    let deadline = Instant::now() + limit;
    STDOUT.wait_until_written(deadline);
    STDERR.wait_until_written(deadline);
}

static STDOUT: LazyLock<Queue> =
    LazyLock::new(|| Queue::start("stdout", || Box::new(io::stdout())));
static STDERR: LazyLock<Queue> =
    LazyLock::new(|| Queue::start("stderr", || Box::new(io::stderr())));

/// One stream's queue: the sending end, the count of dropped lines, and how many are unwritten.
struct Queue {
    sender: Option<SyncSender<String>>,
    dropped: &'static AtomicUsize,
    unwritten: &'static (Mutex<usize>, Condvar),
}

impl Queue {
    fn start(name: &str, stream: fn() -> Box<dyn Write + Send>) -> Self {
        // Leaked once per stream for the life of the process: the writer thread shares them.
        let dropped: &'static AtomicUsize = Box::leak(Box::new(AtomicUsize::new(0)));
        let unwritten: &'static (Mutex<usize>, Condvar) =
            Box::leak(Box::new((Mutex::new(0), Condvar::new())));
        let (sender, receiver) = mpsc::sync_channel(QUEUED_LINES);
        let writer = thread::Builder::new()
            .name(format!("{name} writer"))
            .spawn(move || write_lines(receiver, stream(), dropped, unwritten));
        // Without a thread (the system refused one) lines are dropped, never written in place.
        let sender = writer.ok().map(|_| sender);
        Self {
            sender,
            dropped,
            unwritten,
        }
    }

    fn send(&self, line: fmt::Arguments<'_>) {
        let Some(sender) = &self.sender else { return };
        *lock(&self.unwritten.0) += 1;
        match sender.try_send(line.to_string()) {
            Ok(()) => {}
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => {
                self.dropped.fetch_add(1, Ordering::Relaxed);
                self.written();
            }
        }
    }

    fn written(&self) {
        mark_written(self.unwritten);
    }

    fn wait_until_written(&self, deadline: Instant) {
        let (count, changed) = self.unwritten;
        let mut unwritten = lock(count);
        while *unwritten > 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            unwritten = match changed.wait_timeout(unwritten, left) {
                Ok((guard, _)) => guard,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
    }
}

fn write_lines(
    lines: Receiver<String>,
    mut stream: Box<dyn Write + Send>,
    dropped: &AtomicUsize,
    unwritten: &(Mutex<usize>, Condvar),
) {
    for line in lines {
        let missed = dropped.swap(0, Ordering::Relaxed);
        if missed > 0 {
            // Nowhere to report a failed write; the program goes on.
            let _ = writeln!(
                stream,
                "({missed} lines dropped: the output was not being read)"
            );
        }
        let _ = writeln!(stream, "{line}");
        let _ = stream.flush();
        mark_written(unwritten);
    }
}

fn mark_written((count, changed): &(Mutex<usize>, Condvar)) {
    let mut unwritten = lock(count);
    *unwritten = unwritten.saturating_sub(1);
    changed.notify_all();
}

/// A poisoned count is still a count: a panic elsewhere must not silence the console.
fn lock(count: &Mutex<usize>) -> std::sync::MutexGuard<'_, usize> {
    count
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
