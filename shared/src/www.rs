//! Static assets: where `www/` is, and the `express.static` equivalent that serves it.

use std::path::{Path, PathBuf};

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

/// serve-static's default: caches may keep the file but must revalidate it every time.
fn cache_control() -> header::HeaderValue {
    header::HeaderValue::from_static("public, max-age=0")
}

/// True when `relative` (and the index file of a folder) resolves to a place inside `root`.
fn stays_inside(root: &Path, relative: &Path) -> bool {
    let target = root.join(relative);
    let inside = |path: &Path| match path.canonicalize() {
        Ok(resolved) => resolved.starts_with(root),
        // A missing file cannot leak anything; the file service answers 404 for it.
        Err(_) => true,
    };
    inside(&target) && (!target.is_dir() || inside(&target.join("index.html")))
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
