//! Every CSV- and TSV-based format reports a bad row at its true line, whether the file
//! ends its lines with LF or CRLF (the csv crate's own line count is one short after every
//! CRLF), including after a quoted field that spans lines.

use silkport_ingest::formats::{
    cn_listed::CnListed, cnipa_tsv::CnipaTsv, fips_software::FipsSoftware, gi_india::GiIndia,
    inpadoc_codes::InpadocCodes, peds::Peds, uspto_assignment::UsptoAssignment,
};
use silkport_ingest::{collect_from, Context, Format, Position};

/// The lines of the errors `format` reports for `text` with LF line endings, asserting
/// that the same text with CRLF line endings gives the same.
fn error_lines(format: &dyn Format, text: &str) -> Vec<u64> {
    let lf = lines_of(format, text);
    let crlf = lines_of(format, &text.replace('\n', "\r\n"));
    assert_eq!(crlf, lf, "{}: CRLF lines differ from LF lines", format.name());
    lf
}

fn lines_of(format: &dyn Format, text: &str) -> Vec<u64> {
    let c = collect_from(format, &mut text.as_bytes(), &Context { file: "test".into() }).unwrap();
    let line = |p| match p {
        Position::Line(n) => n,
        other => panic!("{}: {other} is not a line", format.name()),
    };
    c.errors.iter().map(|e| line(e.position)).collect()
}

#[test]
fn cn_listed() {
    let text = "3,000001,平安银行股份有限公司,平安银行\n6,000002,万科企业股份有限公司,万科\n9,000003,金田实业\n\
                11,ABC,某某股份有限公司,某某\n14,000004,国农科技股份有限公司,国农科技\n";
    assert_eq!(error_lines(&CnListed, text), [3, 4]);
}

#[test]
fn fips_software() {
    let header = "registration number,registration date,application number,application date,authors,authors count,\
                  right holders,contact to third parties,program name,creation year,registration publish date,\
                  registration publish number,actual,publication URL\n";
    let rows = [
        "940436,19941006,940400,19940926,,1,ЗАО,,Гарнитуры,,19941220,4,true,http://x\n",
        "940437,19941306,940401,19940926,,1,ЗАО,,Пакет,,19941220,4,true,http://x\n",
        "ABC,19941006,940401,19940926,,1,ЗАО,,Пакет,,19941220,4,true,http://x\n",
        "950092,19950315,950090,19950130,\"Зиновьев П.А. (RU)\nЖиляев А.И. (RU)\",2,ЗАО,,Система,1995,19950420,1,true,x\n",
        "950093,19951315,950091,19950130,,1,ЗАО,,Система,1995,19950420,1,true,http://x\n",
    ];
    assert_eq!(error_lines(&FipsSoftware, &(header.to_string() + &rows.concat())), [3, 4, 7]);
}

#[test]
fn inpadoc_codes() {
    let text = "Authority,Event-code,Date Created,Influence,Description ENG\n\
                EP,PG25,20071106,-,LAPSED\n\
                ,XX\n\
                US,AS,20040427,,ASSIGNMENT\n";
    assert_eq!(error_lines(&InpadocCodes, text), [3]);
}

#[test]
fn cnipa_tsv() {
    let header = "pub_number\tkind\tpub_date\tapp_number\tapp_date\tipc\tmain_ipc\tapplicant\tfirst_inventor\ttitle\t\
                  applicant_address\tpostcode\tis_listed_company_applicant\tbatch\n";
    let good = |id: &str| {
        format!(
            "{id}\tB\t20170315\tCN201410005532.4\t20140106\tH04L29/12\tH04L29/12\t某公司\t许银录\t标题\t甘肃省兰州市\t730000\t0\tB\n"
        )
    };
    let text = format!("{header}{}CN103702022B\tB\t20170315\n{}", good("CN103701956B"), good("CN103738533B"));
    assert_eq!(error_lines(&CnipaTsv, &text), [3]);
}

#[test]
fn uspto_assignment_csvs() {
    let conveyances = "reel_frame,reel_no,frame_no,recorded_date,conveyance_text,earliest_execution_date,assignors,\
                       assignees,application_numbers\n\
                       015953-0969,15953,969,2004-11-08,ASSIGNMENT,2004-10-28,A,B,09044559\n\
                       015953-0970,abc,970,2004-11-08,ASSIGNMENT,2004-10-28,A,B,09044559\n\
                       015953-0971,15953\n\
                       015953-0972,15953,972,2004-11-08,ASSIGNMENT,2004-10-28,A,B,09044560\n";
    assert_eq!(error_lines(&UsptoAssignment, conveyances), [3, 4]);
    let properties = "reel_frame,application_number,filing_date,patent_number,issue_date,publication_number,\
                      publication_date,invention_title\n\
                      015953-0969,09044559,1998-03-19,6095661,2000-08-01,,,Title\n\
                      015953-0970\n\
                      015953-0971,09044560,1998-03-19,6095662,2000-08-01,,,Title\n";
    assert_eq!(error_lines(&UsptoAssignment, properties), [3]);
}

#[test]
fn peds_csvs() {
    let transactions = "appl_id,patent_number,recorded_date,code,description\n\
                        13628688,8967868,2018-08-21,M1551,\"Payment of Maintenance Fee,\n4th Year, Large Entity\"\n\
                        13628688,8967868,2023-02-30,REM.,Reminder\n\
                        13628688\n\
                        ,8967868,2018-08-21,M1551,x\n";
    assert_eq!(error_lines(&Peds, transactions), [4, 5, 6]);
    let applications = "appl_id,app_type,filing_date,patent_number,issue_date,status,status_date,entity_status,title,\
                        first_named_applicant,examiner,art_unit,class_subclass\n\
                        13628688,Utility,2012-10-01,8967868,2015-03-03,Patented Case,2015-02-11,LARGE,T,A,E,2811,438/106\n\
                        ,Utility,2012-10-01,,,,,,,,,,\n";
    assert_eq!(error_lines(&Peds, applications), [3]);
    let assignments = "appl_id,patent_number,reel_no,frame_no,recorded_date,conveyance_text,assignors,assignees\n\
                       13628688,8967868,29070,1,10/01/2012,ASSIGNMENT,A,B\n\
                       13628688,8967868,x,1,10/01/2012,ASSIGNMENT,A,B\n";
    assert_eq!(error_lines(&Peds, assignments), [3]);
    let codes = "code,description,count\nM1551,Payment,3\n,nothing,1\nREM.,Reminder,2\n";
    assert_eq!(error_lines(&Peds, codes), [3]);
}

#[test]
fn gi_india() {
    let text = "S.No,Geographical Indications,Goods,State,State 2,State 3,State 4,State 5,State 6,State 7\n\
                1,Good,Handicraft,Odisha,,,,,,\n\
                x,Bad number,Handicraft,Odisha,,,,,,\n\
                3,\"Good\nname\",Handicrafts,Tamilnadu,,,,,,\n\
                4,,Handicraft,Odisha,,,,,,\n";
    assert_eq!(error_lines(&GiIndia, text), [3, 6]);
}
