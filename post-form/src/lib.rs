//! post-form: shared parts of the three examples.
