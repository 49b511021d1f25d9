//! Word lists the demo world draws from: right kinds and offices with realistic weights,
//! technology topics with their IPC subclasses, provinces (Gansu weighted up, as the
//! Port's home), organisation names, marks, GI products, crops and banks.

use silkport_model::{Lang, RightKind};

pub const KINDS: &[(RightKind, u32)] = &[
    (RightKind::InventionPatent, 40),
    (RightKind::UtilityModel, 25),
    (RightKind::Design, 8),
    (RightKind::Trademark, 15),
    (RightKind::GeographicalIndication, 1),
    (RightKind::Copyright, 3),
    (RightKind::SoftwareCopyright, 5),
    (RightKind::PlantVariety, 2),
    (RightKind::IcLayout, 1),
];

pub const PATENT_OFFICES: &[((&str, Lang), u32)] = &[
    (("CN", Lang::ZH), 80),
    (("US", Lang::EN), 8),
    (("EP", Lang::EN), 5),
    (("RU", Lang::RU), 4),
    (("KZ", Lang::RU), 3),
];

/// (Chinese topic, English topic, IPC subclass).
pub const TOPICS: &[(&str, &str, &str)] = &[
    ("锂离子电池负极材料", "lithium-ion battery anode material", "H01M"),
    ("光伏组件清洗装置", "photovoltaic module cleaning device", "H02S"),
    ("风力发电机叶片", "wind turbine blade", "F03D"),
    ("马铃薯淀粉加工", "potato starch processing", "C08B"),
    ("中药材干燥", "drying of Chinese medicinal herbs", "A61K"),
    ("节水灌溉系统", "water-saving irrigation system", "A01G"),
    ("镍钴冶炼工艺", "nickel-cobalt smelting process", "C22B"),
    ("稀土永磁材料", "rare-earth permanent magnet material", "H01F"),
    ("石油钻井泥浆", "oil drilling mud", "C09K"),
    ("沙漠土壤改良剂", "desert soil conditioner", "C09K"),
    ("图像识别方法", "image recognition method", "G06V"),
    ("数据加密传输", "encrypted data transmission", "H04L"),
    ("高原铁路隧道支护", "plateau railway tunnel support", "E21D"),
    ("苹果保鲜技术", "apple preservation technology", "A23B"),
    ("牛羊养殖饲料", "cattle and sheep feed", "A23K"),
    ("敦煌壁画数字化修复", "digital restoration of Dunhuang murals", "G06T"),
];

/// (Chinese form, English form) of a title.
pub const FORMS: &[(&str, &str)] =
    &[("一种", "A"), ("一种新型", "A novel"), ("基于物联网的", "IoT-based"), ("高效", "Efficient")];

/// Province, its cities; weights make Gansu prominent but keep a national mix.
pub const PROVINCES: &[((&str, &[&str]), u32)] = &[
    (("甘肃省", &["兰州", "天水", "白银", "酒泉", "张掖", "金昌"]), 20),
    (("广东省", &["深圳", "广州", "东莞", "佛山"]), 18),
    (("江苏省", &["南京", "苏州", "无锡"]), 14),
    (("浙江省", &["杭州", "宁波", "温州"]), 12),
    (("山东省", &["济南", "青岛", "烟台"]), 9),
    (("陕西省", &["西安", "宝鸡"]), 6),
    (("四川省", &["成都", "绵阳"]), 6),
    (("新疆维吾尔自治区", &["乌鲁木齐", "克拉玛依"]), 3),
    (("宁夏回族自治区", &["银川"]), 2),
    (("青海省", &["西宁"]), 2),
    (("湖北省", &["武汉", "宜昌"]), 8),
];

pub const ORG_STEMS: &[&str] =
    &["丝路", "陇原", "祁连", "敦煌", "黄河", "飞天", "昆仑", "金城", "天马", "河西", "华夏", "新能", "智联", "长风"];
pub const ORG_SUFFIXES: &[&str] =
    &["科技有限公司", "新材料股份有限公司", "能源有限公司", "大学", "研究院", "生物科技有限公司", "机械制造有限公司"];
pub const ROADS: &[&str] = &["天水", "东岗", "飞雁", "建设", "人民", "滨河", "雁滩", "科技"];
pub const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "马", "何", "郭"];
pub const GIVEN: &[&str] = &["伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "海燕", "建国"];
pub const MARK_PARTS: &[&str] = &["丝", "路", "驼", "铃", "陇", "香", "金", "河", "天", "马", "云", "月", "泉", "星"];
pub const GI_PRODUCTS: &[(&str, &str)] =
    &[("定西", "马铃薯"), ("天水", "花牛苹果"), ("民勤", "蜜瓜"), ("岷县", "当归"), ("兰州", "百合"), ("静宁", "苹果")];
pub const CROPS: &[&str] = &["麦", "薯", "玉", "棉", "瓜", "豆"];
pub const BANKS: &[&str] =
    &["甘肃银行", "兰州银行", "中国银行甘肃省分行", "国家开发银行甘肃省分行", "中国农业发展银行"];
