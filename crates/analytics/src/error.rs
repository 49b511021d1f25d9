//! The analytics crate's one error type.

#[derive(Debug, thiserror::Error)]
pub enum AnalyticsError {
    #[error(transparent)]
    Store(#[from] silkport_store::StoreError),
    #[error("unknown region {input:?}: give a province or city in Chinese or English (甘肃, Gansu, 兰州, Lanzhou) or China/全国")]
    Region { input: String },
    #[error("invalid IPC prefix {input:?}: give a section, class, subclass or group such as H, H01, H01M or H01M10/")]
    IpcPrefix { input: String },
    #[error("invalid year range {input:?}: give a year (2017) or a range (2010-2017)")]
    Years { input: String },
    #[error("unknown right kind {input:?}: use invention_patent, utility_model, design, trademark, …")]
    Kind { input: String },
    #[error("the {report} report needs {what}; add it to the command line")]
    Missing { report: &'static str, what: &'static str },
    #[error("a query needs the search index, which this build does not have yet; select the set with --region, --ipc or --applicant instead")]
    QueryNeedsSearch,
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: std::io::Error },
}
