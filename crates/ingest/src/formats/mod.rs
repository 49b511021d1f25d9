//! One module per office format. To add a format: write a module with a unit struct that
//! implements [`crate::Format`], and list it in [`ALL`] (more specific sniffers first).

pub mod cn_chem;
pub mod cn_listed;
pub mod cnipa_tsv;
pub mod ep_xml;
pub mod epo_ops;
pub mod fips_software;
pub mod gi_eu;
pub mod gi_india;
pub mod inpadoc_codes;
pub mod ipc;
pub mod jsonl;
pub mod kppatent;
pub mod nice;
pub mod peds;
pub mod rospatent;
pub mod stat_tables;
pub mod uspto_assignment;
pub mod uspto_xml;
mod util;

use crate::Format;

/// Every format, in detection order.
pub static ALL: &[&dyn Format] = &[
    &uspto_xml::UsptoXml,
    &ep_xml::EpXml,
    &epo_ops::EpoOps,
    &inpadoc_codes::InpadocCodes,
    &cnipa_tsv::CnipaTsv,
    &cn_listed::CnListed,
    &cn_chem::CnChem,
    &kppatent::KpPatent,
    &rospatent::Rospatent,
    &fips_software::FipsSoftware,
    &uspto_assignment::UsptoAssignment,
    &peds::Peds,
    &gi_eu::GiEu,
    &gi_india::GiIndia,
    &nice::Nice,
    &ipc::Ipc,
    &stat_tables::StatTables,
    &jsonl::Jsonl,
];
