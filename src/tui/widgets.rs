//! One widget per visual idea, each a plain struct over borrowed data with `impl Widget for &X`;
//! `cells` holds what they all share: text fitted and wrapped by display width.

pub mod cells;
pub mod code_view;
#[cfg(test)]
pub(crate) mod fixture;
pub mod lanes;
pub mod objects;
pub mod output;
pub mod timeline;
pub mod variables;
pub mod workbook;
