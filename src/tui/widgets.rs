//! One widget per visual idea, each a plain struct over borrowed data with `impl Widget for &X`.

pub mod code_view;
#[cfg(test)]
pub(crate) mod fixture;
pub mod lanes;
pub mod objects;
pub mod output;
pub mod timeline;
pub mod workbook;
