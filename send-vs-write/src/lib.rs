//! send-vs-write: shared parts of the three examples.
