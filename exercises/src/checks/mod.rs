//! The checks, one module per article. Each exercise's check asks its running example questions
//! over HTTP and notes each answer in the [`Report`](crate::Report), as done or as what is still
//! missing, worded for the learner. They check behaviour, never source code: any correct
//! solution passes.

pub mod intro_express;
pub mod post_form;
pub mod send_vs_write;
