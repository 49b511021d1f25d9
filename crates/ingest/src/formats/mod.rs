//! One module per office format. To add a format: write a module with a unit struct that
//! implements [`crate::Format`], and list it in [`ALL`] (more specific sniffers first).

use crate::Format;

/// Every format, in detection order.
pub static ALL: &[&dyn Format] = &[];
