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
        LazyLock,
        atomic::{AtomicUsize, Ordering},
        mpsc::{Receiver, SyncSender, sync_channel},
    },
    thread,
    time::{Duration, Instant},
};

/// Lines waiting for a stream before new ones are dropped: a few seconds of a busy request log.
const QUEUED_LINES: usize = 1024;

/// `console.log(...)`: one line on stdout.
pub fn console_log(line: fmt::Arguments<'_>) {
    STDOUT.send(Message::Line(line.to_string()));
}

/// `console.error(...)`: one line on stderr.
pub fn console_error(line: fmt::Arguments<'_>) {
    STDERR.send(Message::Line(line.to_string()));
}

/// Waits, at most `limit` in all, until the lines queued so far are written: before the process
/// exits.
pub(crate) fn flush_console(limit: Duration) {
    let deadline = Instant::now() + limit;
    for queue in [&STDOUT, &STDERR] {
        let (written, done) = sync_channel(1);
        queue.send(Message::Flush(written));
        let _ = done.recv_timeout(deadline.saturating_duration_since(Instant::now()));
    }
}

static STDOUT: LazyLock<Queue> =
    LazyLock::new(|| Queue::start("stdout", || Box::new(io::stdout())));
static STDERR: LazyLock<Queue> =
    LazyLock::new(|| Queue::start("stderr", || Box::new(io::stderr())));

enum Message {
    Line(String),
    /// Answered once every line queued before it is written.
    Flush(SyncSender<()>),
}

/// One stream's queue, and the count of lines it had to drop.
struct Queue {
    sender: Option<SyncSender<Message>>,
    dropped: &'static AtomicUsize,
}

impl Queue {
    fn start(name: &str, stream: fn() -> Box<dyn Write + Send>) -> Self {
        // Leaked once per stream for the life of the process: the writer thread shares it.
        let dropped: &'static AtomicUsize = Box::leak(Box::new(AtomicUsize::new(0)));
        let (sender, receiver) = sync_channel(QUEUED_LINES);
        let writer = thread::Builder::new()
            .name(format!("{name} writer"))
            .spawn(move || write_lines(&receiver, stream(), dropped));
        // Without a thread (the system refused one) lines are dropped, never written in place.
        Self {
            sender: writer.ok().map(|_| sender),
            dropped,
        }
    }

    fn send(&self, message: Message) {
        let sent = self
            .sender
            .as_ref()
            .is_some_and(|sender| sender.try_send(message).is_ok());
        if !sent {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }
}

fn write_lines(
    messages: &Receiver<Message>,
    mut stream: Box<dyn Write + Send>,
    dropped: &AtomicUsize,
) {
    for message in messages {
        match message {
            Message::Line(line) => {
                let missed = dropped.swap(0, Ordering::Relaxed);
                // Nowhere to report a failed write; the program goes on.
                if missed > 0 {
                    let _ = writeln!(
                        stream,
                        "({missed} lines dropped: the output was not being read)"
                    );
                }
                let _ = writeln!(stream, "{line}");
                let _ = stream.flush();
            }
            Message::Flush(written) => {
                let _ = written.try_send(());
            }
        }
    }
}
