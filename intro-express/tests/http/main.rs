//! intro-express over real HTTP: each test starts an example binary on an ephemeral port.

mod example_1;
mod example_2;
mod example_3;
mod lifecycle;
mod static_files;
