//! Static assets: where `www/` is, and the `express.static` equivalent that serves it.

use std::path::{Component, Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::{
    Error, HttpRequest, HttpResponse, Responder,
    body::{BoxBody, MessageBody},
    dev::{HttpServiceFactory, ServiceRequest, ServiceResponse},
    http::{StatusCode, header},
    middleware::{Next, from_fn},
    web,
};

use crate::not_found::not_found;

/// The folder of one article's static assets, `www/<article>` at the workspace root.
///
/// The path is fixed at compile time, so an example finds its files from any working directory
/// (Node's `__dirname + '/www'`). `WWW_DIR`, when set, replaces it (tests serve a temporary copy).
pub fn www_dir(article: &str) -> PathBuf {
    match std::env::var_os("WWW_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join("www")
            .join(article),
    }
}

/// `app.use(express.static(dir))`: serves the files under `dir` for `GET` and `HEAD`.
///
/// Like Express's serve-static: `index.html` for folders, `GET /css` redirects to `/css/`,
/// `ETag`, `Last-Modified`, `Cache-Control: public, max-age=0`, conditional requests (304) and
/// ranges (206, 416). Anything it cannot serve gets the same `Cannot GET /path` 404 as an
/// unknown route: other methods, missing files, hidden files (`.env`), malformed paths, and
/// symlinks that lead outside `dir` (Express would follow those; we never serve outside `www`).
///
/// It matches every path, so register it after the example's own routes.
pub fn static_files(dir: impl Into<PathBuf>) -> impl HttpServiceFactory {
    let root: PathBuf = dir.into();
    // Compare against the resolved root, so a `www` that is itself a symlink still works.
    let resolved_root = root.canonicalize().unwrap_or_else(|_| root.clone());
    let files = Files::new("/", &root)
        .read_mode_threshold(SYNC_READ_BELOW)
        .index_file("index.html")
        .redirect_to_slash_directory()
        .disable_content_disposition()
        .path_filter(move |relative, _| stays_inside(&resolved_root, relative))
        .default_handler(web::to(not_found));
    web::scope("")
        .wrap(from_fn(like_serve_static))
        .service(files)
}

/// `res.sendFile(path)`: answers with one file, with the same headers, conditional requests and
/// ranges as [`static_files`]; a missing file gets the Express 404 page.
pub async fn send_file(req: HttpRequest, path: impl AsRef<Path>) -> HttpResponse {
    match NamedFile::open(path) {
        Ok(file) => {
            let mut response = file
                .read_mode_threshold(SYNC_READ_BELOW)
                .disable_content_disposition()
                .respond_to(&req)
                .map_into_boxed_body();
            if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
                response
                    .headers_mut()
                    .insert(header::CACHE_CONTROL, cache_control());
            }
            response
        }
        Err(_) => not_found(req).await,
    }
}

/// Files smaller than this are read on the worker thread itself. actix-files would otherwise hand
/// every read to its blocking thread pool, and for the small pages, stylesheets and images of the
/// articles that hand-over (two context switches per request) costs more than the read: the
/// benchmark (`cargo run -p compare --bin bench`) served them about 4 times slower than inline HTML.
/// A read from the page cache of a file this size takes microseconds; larger files stay off the
/// worker.
const SYNC_READ_BELOW: u64 = 64 * 1024;

/// serve-static's default: caches may keep the file but must revalidate it every time.
fn cache_control() -> header::HeaderValue {
    header::HeaderValue::from_static("public, max-age=0")
}

/// True when `relative` (and the index file of a folder) resolves to a place inside `root`, which
/// is already resolved.
///
/// Plain names below `root` that are not symlinks cannot lead out of it, and checking that takes
/// one `lstat` per name; only a path with a symlink (or anything but plain names) is resolved in
/// full with `canonicalize`, which costs a system call per component of the whole absolute path
/// (the benchmark showed that on every static request: a third of the time of serving a file).
fn stays_inside(root: &Path, relative: &Path) -> bool {
    let target = root.join(relative);
    let inside = |path: &Path| match path.canonicalize() {
        Ok(resolved) => resolved.starts_with(root),
        // A missing file cannot leak anything; the file service answers 404 for it.
        Err(_) => true,
    };
    let mut path = root.to_path_buf();
    let mut last = None;
    for component in relative.components() {
        if !matches!(component, Component::Normal(_)) {
            return inside(&target) && (!target.is_dir() || inside(&target.join("index.html")));
        }
        path.push(component);
        match path.symlink_metadata() {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                return inside(&target) && (!target.is_dir() || inside(&target.join("index.html")));
            }
            Ok(metadata) => last = Some(metadata),
            Err(_) => return true,
        }
    }
    // A folder is answered with its index.html, which may itself be a symlink.
    let is_folder = last.map_or_else(|| target.is_dir(), |metadata| metadata.is_dir());
    let index = target.join("index.html");
    !is_folder
        || index.symlink_metadata().map_or(true, |metadata| {
            !metadata.file_type().is_symlink() || inside(&index)
        })
}

/// Adds serve-static's caching header to files served, and turns every refusal of the file
/// service (400 bad path, 404, 405 other method) into the Express 404 page.
async fn like_serve_static(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let mut response = next.call(req).await?.map_into_boxed_body();
    match response.status() {
        StatusCode::OK | StatusCode::PARTIAL_CONTENT | StatusCode::NOT_MODIFIED => {
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, cache_control());
            Ok(response)
        }
        StatusCode::BAD_REQUEST | StatusCode::METHOD_NOT_ALLOWED => {
            let (request, _) = response.into_parts();
            let page: HttpResponse = not_found(request.clone()).await;
            Ok(ServiceResponse::new(request, page))
        }
        _ => Ok(response),
    }
}
