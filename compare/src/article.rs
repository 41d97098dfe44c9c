//! The three articles: which crate ports each, and how its Node original runs.

/// One article of the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Article {
    /// The article's name, which is also its crate's (`send-vs-write`).
    pub name: &'static str,
    /// The crate holding our examples.
    pub package: &'static str,
    /// The fixed port the Node original listens on.
    pub node_port: u16,
    /// The original's only script, where it has one (post-form's `server.js`); otherwise a
    /// checkout holds `example-N.js` for each of our `example-N`.
    pub node_single_script: Option<&'static str>,
}

/// Every article, in the order of the README.
pub const ARTICLES: [Article; 3] = [
    Article {
        name: "intro-express",
        package: "intro-express",
        node_port: 3000,
        node_single_script: None,
    },
    Article {
        name: "send-vs-write",
        package: "send-vs-write",
        node_port: 5000,
        node_single_script: None,
    },
    Article {
        name: "post-form",
        package: "post-form",
        node_port: 3000,
        node_single_script: Some("server.js"),
    },
];

/// The article called `name`.
pub fn find(name: &str) -> Result<&'static Article, String> {
    ARTICLES
        .iter()
        .find(|article| article.name == name)
        .ok_or_else(|| {
            let names: Vec<&str> = ARTICLES.iter().map(|article| article.name).collect();
            format!("no article {name:?}: choose one of {}", names.join(", "))
        })
}
