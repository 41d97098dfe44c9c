//! post-form as processes, over real HTTP: what needs a socket or the process's output. Each
//! test starts an example binary on an ephemeral port.

mod example_1;
mod example_2;
mod example_3;
mod framing;
mod support;
