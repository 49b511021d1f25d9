//! The examiner query language: `ast` (the parsed tree), `parse` (the hand-written
//! parser with positioned errors) and `compile` (to tantivy queries).

pub mod ast;
pub mod compile;
pub mod parse;

pub use ast::{Expr, FieldCode, Leaf, Proximity};
pub use compile::{CompileError, Compiler, Highlights};
pub use parse::{parse, plain, ParseError};
