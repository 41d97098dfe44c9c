//! `express.static` and `res.sendFile` for actix-web: actix-files' `Files` and `NamedFile` with the
//! rules and headers of Express's serve-static, small files answered from memory, and where an
//! article's `www/` folder is.

use std::{
    path::{Component, Path, PathBuf},
    rc::Rc,
};

use actix_files::{Files, NamedFile, PathBufWrap};
use actix_web::{
    Error, HttpRequest, HttpResponse, Responder,
    body::{BoxBody, MessageBody},
    dev::{HttpServiceFactory, ServiceRequest, ServiceResponse},
    http::{Method, StatusCode, header},
    middleware::{Next, from_fn},
    web,
};

mod file_cache;

use file_cache::FileCache;
use shared::not_found;

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

/// `app.use(express.static(dir))`: actix-files' `Files::new("/", dir).index_file("index.html")`,
/// with what Express's serve-static adds, and small files answered from memory.
///
/// Like serve-static: `index.html` for folders, `GET /css` redirects to `/css/`,
/// `ETag`, `Last-Modified`, `Cache-Control: public, max-age=0`, conditional requests (304) and
/// ranges (206, 416). Anything it cannot serve gets the same `Cannot GET /path` 404 as an
/// unknown route: other methods, missing files, a file asked for as a folder
/// (`/css/style.css/`), hidden files (`.env`), malformed paths, and symlinks that lead outside
/// `dir` (Express would follow those; we never serve outside `www`).
///
/// It matches every path, so register it after the example's own routes.
pub fn files(dir: impl Into<PathBuf>) -> impl HttpServiceFactory {
    let root: PathBuf = dir.into();
    // Compare against the resolved root, so a `www` that is itself a symlink still works.
    let resolved_root = root.canonicalize().unwrap_or_else(|_| root.clone());
    let plain_files = Rc::new(PlainFiles {
        resolved_root: resolved_root.clone(),
        cache: FileCache::default(),
    });
    let files = Files::new("/", &root)
        .read_mode_threshold(SYNC_READ_BELOW)
        .index_file("index.html")
        .redirect_to_slash_directory()
        .disable_content_disposition()
        .path_filter(move |relative, _| stays_inside(&resolved_root, relative))
        .default_handler(web::to(not_found));
    web::scope("")
        .wrap(from_fn(move |req, next| {
            serve_plain_file(Rc::clone(&plain_files), req, next)
        }))
        .wrap(from_fn(like_serve_static))
        .service(files)
}

/// What [`serve_plain_file`] needs: the resolved `www` and its small files kept in memory.
struct PlainFiles {
    resolved_root: PathBuf,
    cache: FileCache,
}

/// The common case, a `GET` or `HEAD` of a plain file, answered here as the file service would
/// answer it (same path parsing, same [`stays_inside`] rule, same `NamedFile` answer, finished by
/// [`like_serve_static`] around both), but without the file service's own `canonicalize` and
/// `is_dir`: seven of the sixteen system calls of serving `/css/style.css`. Small files are then
/// kept in a [`FileCache`], which answers plain requests for them with one `lstat`. A folder's
/// `index.html` is answered the same way. Folders without their slash (a redirect), missing
/// files and everything else go on to the file service.
async fn serve_plain_file(
    plain_files: Rc<PlainFiles>,
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    if matches!(*req.method(), Method::GET | Method::HEAD)
        && let Ok(relative) = PathBufWrap::parse_path(req.match_info().unprocessed(), false)
    {
        let PlainFiles {
            resolved_root,
            cache,
        } = &*plain_files;
        // `/` and `/css/` name a folder: its index.html answers, as the file service's would.
        let folder = req.path().ends_with('/');
        let relative = if folder {
            relative.as_ref().join("index.html")
        } else {
            relative.as_ref().to_path_buf()
        };
        let path = resolved_root.join(&relative);
        // Kept bytes were read from inside `www`, so a kept answer needs no `stays_inside`.
        if let Some(response) = cache.answer(&path, req.request()) {
            return Ok(req.into_response(response));
        }
        // `/css/style.css/` names a folder, and there is none: Express's 404, where the file
        // service would serve the file (the parsed path has lost its trailing slash).
        if folder && !path.parent().is_some_and(Path::is_dir) {
            let response = not_found(req.request().clone()).await;
            return Ok(req.into_response(response));
        }
        if stays_inside(resolved_root, &relative) {
            let from_file_service = |file| {
                let file = NamedFile::from_file(file, &path).ok()?;
                Some(answer_with(file, req.request()))
            };
            if let Some(response) = cache.read_and_answer(&path, req.request(), from_file_service) {
                return Ok(req.into_response(response));
            }
            if let Ok(file) = NamedFile::open(&path)
                && file.metadata().is_file()
            {
                let response = answer_with(file, req.request());
                return Ok(req.into_response(response));
            }
        }
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

/// The file service's answer for one opened file, as serve-static gives it.
fn answer_with(file: NamedFile, req: &HttpRequest) -> HttpResponse {
    let response = file
        .read_mode_threshold(SYNC_READ_BELOW)
        .disable_content_disposition()
        .respond_to(req)
        .map_into_boxed_body();
    like_serve_static_answers(response)
}

/// `res.sendFile(path)`: answers with one file, with the same headers, conditional requests and
/// ranges as [`files`]; a missing file gets the Express 404 page.
pub async fn send_file(req: HttpRequest, path: impl AsRef<Path>) -> HttpResponse {
    match NamedFile::open(path) {
        Ok(file) => answer_with(file, &req),
        Err(_) => not_found(req).await,
    }
}

/// Files smaller than this are read on the worker thread itself. actix-files would otherwise hand
/// every read to its blocking thread pool, and for the small pages, stylesheets and images of the
/// articles that hand-over (two context switches per request) costs more than the read: the
/// benchmark (`cargo run -p compare --bin bench`) served them about 4 times slower than inline HTML.
/// A read from the page cache of a file this size takes microseconds; larger files stay off the
/// worker.
const SYNC_READ_BELOW: u64 = crate::file_cache::CACHED_UP_TO;

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

/// Turns every refusal of the file service (400 bad path, 404, 405 other method) into the
/// Express 404 page, and finishes its other answers like serve-static's.
async fn like_serve_static(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let response = next.call(req).await?.map_into_boxed_body();
    let (request, response) = response.into_parts();
    let response = match response.status() {
        StatusCode::BAD_REQUEST | StatusCode::METHOD_NOT_ALLOWED => {
            not_found(request.clone()).await
        }
        _ => like_serve_static_answers(response),
    };
    Ok(ServiceResponse::new(request, response))
}

/// serve-static's caching header on files (and 206, 304), and a short text body for a 416
/// instead of an empty one labelled with the file's media type.
fn like_serve_static_answers(mut response: HttpResponse) -> HttpResponse {
    match response.status() {
        StatusCode::OK | StatusCode::PARTIAL_CONTENT | StatusCode::NOT_MODIFIED => {
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, cache_control());
            response
        }
        StatusCode::RANGE_NOT_SATISFIABLE => {
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                header::HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            response.set_body(BoxBody::new("Range Not Satisfiable\n"))
        }
        _ => response,
    }
}
