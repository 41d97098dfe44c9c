//! intro-express over real HTTP: each test starts an example binary on an ephemeral port.

mod example_1;
mod example_2;
mod example_3;
mod lifecycle;
mod static_files;

/// The headers a file answer carries (serve-static's, and what actix-files adds): whatever
/// serves a file (the file service, the memory cache, `send_file`) must give the same ones.
const FILE_HEADERS: [&str; 6] = [
    "content-type",
    "content-length",
    "etag",
    "last-modified",
    "cache-control",
    "accept-ranges",
];
