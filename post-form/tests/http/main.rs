//! post-form over real HTTP: each test starts an example binary on an ephemeral port.

mod bodies;
mod example_1;
mod example_2;
mod example_3;
mod page;
mod support;
