//! Small files of `www/` kept in memory between requests, and checked against the disk on every
//! request, so an edit shows on the next reload exactly as with Express.
//!
//! Serving `/css/style.css` from disk costs seven file-system calls (an `lstat` per name, `open`,
//! `fstat`, `lseek`, `read`, `close`); from here it costs one `lstat`, whose answer must match the
//! one the file had when it was read: same size and modification time (what the `ETag` and
//! `Last-Modified` headers are made of, so a browser trusts no less), and on Unix the same inode
//! and change time, which any write, rename, link or `touch` moves. The benchmark showed the
//! difference (`cargo run -p compare --bin bench`).
//!
//! Only plain `GET` and `HEAD` requests are answered from here; conditional requests and ranges
//! go to the file service. What is kept are the bytes and the headers of a `200` the file service
//! gave for the file, so both paths answer alike. Each worker thread has its own cache, bounded
//! in size.

use std::{
    cell::RefCell,
    collections::HashMap,
    fs::{File, Metadata},
    io::Read as _,
    path::{Path, PathBuf},
    time::SystemTime,
};

use actix_web::{
    HttpRequest, HttpResponse,
    http::{StatusCode, header},
    web::Bytes,
};

/// Files up to this size are kept.
pub(crate) const CACHED_UP_TO: u64 = 64 * 1024;

/// When the files kept would exceed this, the cache starts again empty (the articles' `www/`
/// folders hold well under 100 KiB).
const CACHE_BYTES: usize = 1024 * 1024;

/// The file service's answers to plain requests for small files, by absolute path.
#[derive(Default)]
pub(crate) struct FileCache {
    files: RefCell<HashMap<PathBuf, CachedFile>>,
}

struct CachedFile {
    version: Version,
    headers: header::HeaderMap,
    body: Bytes,
}

/// What must not have changed on disk for a kept answer to still be right.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Version {
    len: u64,
    modified: Option<SystemTime>,
    #[cfg(unix)]
    identity: (u64, u64, i64, i64),
}

impl Version {
    fn of(metadata: &Metadata) -> Self {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt as _;
        Self {
            len: metadata.len(),
            modified: metadata.modified().ok(),
            #[cfg(unix)]
            identity: (
                metadata.dev(),
                metadata.ino(),
                metadata.ctime(),
                metadata.ctime_nsec(),
            ),
        }
    }
}

impl FileCache {
    /// The kept answer for the file at `path`, if `req` is a plain request and the file on disk
    /// (not a symlink) is still the one that was read.
    pub(crate) fn answer(&self, path: &Path, req: &HttpRequest) -> Option<HttpResponse> {
        if !is_plain(req) {
            return None;
        }
        let files = self.files.borrow();
        let kept = files.get(path)?;
        let on_disk = path.symlink_metadata().ok()?;
        if !on_disk.is_file() || Version::of(&on_disk) != kept.version {
            return None;
        }
        Some(kept.response())
    }

    /// Reads the small plain file at `path` (which the caller has checked lies inside `www`),
    /// lets `file_service` answer `req` for it (the headers; its body is not read), keeps that
    /// answer with the bytes read and returns it. `None` when the file cannot be kept: a
    /// symlink, too large, changing while read, or not answered with a `200`.
    pub(crate) fn read_and_answer(
        &self,
        path: &Path,
        req: &HttpRequest,
        file_service: impl FnOnce(File) -> Option<HttpResponse>,
    ) -> Option<HttpResponse> {
        if !is_plain(req) {
            return None;
        }
        let on_disk = path.symlink_metadata().ok()?;
        if !on_disk.is_file() || on_disk.len() > CACHED_UP_TO {
            return None;
        }
        let mut file = File::open(path).ok()?;
        let version = Version::of(&file.metadata().ok()?);
        if version != Version::of(&on_disk) {
            return None;
        }
        let mut body = Vec::new();
        file.read_to_end(&mut body).ok()?;
        if body.len() as u64 != version.len {
            return None;
        }
        let answer = file_service(file)?;
        if answer.status() != StatusCode::OK {
            return None;
        }
        let kept = CachedFile {
            version,
            headers: answer.headers().clone(),
            body: Bytes::from(body),
        };
        let response = kept.response();
        let mut files = self.files.borrow_mut();
        let total: usize = files.values().map(|kept| kept.body.len()).sum();
        if total + kept.body.len() > CACHE_BYTES {
            files.clear();
        }
        files.insert(path.to_path_buf(), kept);
        Some(response)
    }
}

impl CachedFile {
    fn response(&self) -> HttpResponse {
        let mut response = HttpResponse::with_body(StatusCode::OK, self.body.clone());
        *response.headers_mut() = self.headers.clone();
        response.map_into_boxed_body()
    }
}

/// No range and no condition: the answer is the whole file with a `200`.
fn is_plain(req: &HttpRequest) -> bool {
    let headers = req.headers();
    ![
        header::RANGE,
        header::IF_RANGE,
        header::IF_MATCH,
        header::IF_NONE_MATCH,
        header::IF_MODIFIED_SINCE,
        header::IF_UNMODIFIED_SINCE,
    ]
    .iter()
    .any(|name| headers.contains_key(name))
}
