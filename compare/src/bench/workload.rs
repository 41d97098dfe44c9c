//! The rows `bench` measures: which example, which request, under what load, and what nginx
//! serves beside it.

use std::time::Duration;

/// One measured request.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Workload {
    /// Short id for `--rows`.
    pub id: &'static str,
    /// The article (crate) of the example.
    pub article: &'static str,
    /// Our binary and the original's script stem (`example-3`).
    pub example: &'static str,
    /// `GET` or `POST`.
    pub method: &'static str,
    /// The path requested.
    pub path: &'static str,
    /// `(content type, body)` for a POST.
    pub body: Option<(&'static str, &'static str)>,
    /// Connections, when the row fixes them (the delay rows); otherwise `--connections`.
    pub connections: Option<u32>,
    /// The server's built-in delay per request, which caps throughput at connections / delay.
    pub delay: Option<Duration>,
    /// Where a Node original keeps the file of the same role when `path` is not there (the
    /// intro-express original's logo is `images/nodejs-logo.png`, ours `images/logo.svg`).
    pub same_role: &'static [&'static str],
    /// What nginx serves for this row, when it can serve it.
    pub nginx: Option<NginxRole>,
}

/// How nginx answers a row's request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NginxRole {
    /// The same files: `www/<article>` as its root.
    Files {
        /// The folder of `www/` (`intro-express`).
        www: &'static str,
    },
    /// An answer the example builds in code: `return 200` with the body and content type our
    /// example answered.
    Inline,
}

const FORM_BODY: Option<(&str, &str)> = Some((
    "application/x-www-form-urlencoded",
    "firstName=Ada&lastName=Lovelace",
));

const GET: Workload = Workload {
    id: "",
    article: "",
    example: "",
    method: "GET",
    path: "/",
    body: None,
    connections: None,
    delay: None,
    same_role: &[],
    nginx: None,
};

const INTRO_FILES: Option<NginxRole> = Some(NginxRole::Files {
    www: "intro-express",
});

/// The rows, in order: the GET rows of issue 8 and index.html beside them, then the delay rows.
pub const WORKLOADS: [Workload; 7] = [
    Workload {
        id: "intro-root",
        article: "intro-express",
        example: "example-1",
        nginx: Some(NginxRole::Inline),
        ..GET
    },
    Workload {
        id: "intro-index",
        article: "intro-express",
        example: "example-2",
        nginx: INTRO_FILES,
        ..GET
    },
    Workload {
        id: "intro-css",
        article: "intro-express",
        example: "example-2",
        path: "/css/style.css",
        nginx: INTRO_FILES,
        ..GET
    },
    Workload {
        id: "intro-logo",
        article: "intro-express",
        example: "example-2",
        path: "/images/logo.svg",
        same_role: &["/images/nodejs-logo.png"],
        nginx: INTRO_FILES,
        ..GET
    },
    Workload {
        id: "stream",
        article: "send-vs-write",
        example: "example-3",
        nginx: Some(NginxRole::Inline),
        ..GET
    },
    Workload {
        id: "form-200",
        article: "post-form",
        example: "example-3",
        method: "POST",
        path: "/form",
        body: FORM_BODY,
        connections: Some(200),
        delay: Some(Duration::from_secs(1)),
        ..GET
    },
    Workload {
        id: "form-1000",
        article: "post-form",
        example: "example-3",
        method: "POST",
        path: "/form",
        body: FORM_BODY,
        connections: Some(1000),
        delay: Some(Duration::from_secs(1)),
        ..GET
    },
];

/// The loopback ceiling: `compare`'s `loopback-ceiling` server, which reads each request and
/// writes send-vs-write example-3's answer as canned bytes, under the GET rows' load. No server
/// can answer faster on the machine, so a GET row can never be more than this many times Node's.
pub const CEILING: Workload = Workload {
    id: "ceiling",
    article: "compare",
    example: "loopback-ceiling",
    ..GET
};

/// The row `id` of `--rows`: one of [`WORKLOADS`], or [`CEILING`].
pub fn find_row(id: &str) -> Result<Workload, String> {
    WORKLOADS
        .iter()
        .chain([&CEILING])
        .find(|workload| workload.id == id)
        .copied()
        .ok_or_else(|| format!("no row {id:?}"))
}

impl Workload {
    /// `intro-express example-1 GET /` for the table.
    pub fn title(&self) -> String {
        format!("{} `{}`", self.server_name(), self.request())
    }

    /// `intro-express example-1`.
    pub fn server_name(&self) -> String {
        format!("{} {}", self.article, self.example)
    }

    /// `GET /css/style.css`.
    pub fn request(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_get_row_of_an_example_has_an_nginx_twin_and_the_delay_rows_none() {
        for workload in WORKLOADS {
            assert_eq!(
                workload.nginx.is_some(),
                workload.delay.is_none(),
                "{}",
                workload.id
            );
        }
        assert_eq!(CEILING.nginx, None);
        let ids: Vec<&str> = WORKLOADS.iter().map(|workload| workload.id).collect();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{ids:?}");
        assert_eq!(find_row("ceiling"), Ok(CEILING));
        assert!(find_row("nope").is_err());
    }
}
