//! Plumbing that every example shares, so that an example file holds only its lesson.
//!
//! | Express | here |
//! |---|---|
//! | `app.listen(3000, () => console.log(banner))` | [`listen`] with a [`Server`] description |
//! | `app.get(path, handler)` (answers HEAD too) | [`get`] |
//! | `express.static('www')` | [`static_files`] with [`www_dir`] |
//! | `res.sendFile(path)` | [`send_file`] |
//! | finalhandler's `Cannot GET /path` page | [`not_found`] |
//!
//! Everything here is deliberately small: open the module, read it, change it.

mod abbreviate;
mod console;
mod file_cache;
mod not_found;
mod port;
mod request_log;
mod routing;
mod server;
mod unread_body;
mod www;

pub use abbreviate::abbreviate;
pub use console::{console_error, console_log};
pub use not_found::{cannot_page, escape_html, not_found};
pub use port::{PortError, port_from_env};
pub use request_log::LogSafe;
pub use routing::get;
pub use server::{Server, listen};
pub use www::{send_file, static_files, www_dir};
