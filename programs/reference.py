"""The programme and its three content areas as written in plan 48/KH-MTTQ-BTT (section II)."""

import datetime

PROGRAMME = {
    "plan_number": "48/KH-MTTQ-BTT",
    "name": "Chương trình xây dựng Khu dân cư tự quản, đoàn kết, ấm no, hạnh phúc",
    "plan_date": datetime.date(2025, 2, 18),
    "issuing_body": "Ban Thường trực Ủy ban MTTQ Việt Nam thành phố Tam Kỳ",
    "term_start": 2024,
    "term_end": 2029,
    "status": "active",
    "motto": "Dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng",
    "purpose": (
        "Phát huy vai trò tự quản, sáng tạo, ý thức trách nhiệm xã hội, ý thức tự lực của mỗi người dân, "
        "gia đình và cộng đồng dân cư; xây dựng mô hình điểm để đánh giá, rút kinh nghiệm trước khi triển "
        "khai nhân rộng trong tất cả các khu dân cư trên toàn thành phố."
    ),
}

CONTENT_AREAS = [
    (
        1,
        "Tiếp tục xây dựng và nâng cao chất lượng khu dân cư nông thôn mới kiểu mẫu, khu dân cư đô thị "
        "văn minh đồng thời với triển khai xây dựng khu dân cư đoàn kết, ấm no, hạnh phúc",
        "Nông thôn mới, đô thị văn minh",
        [
            "Phát triển sản xuất, nâng cao thu nhập",
            "Văn hóa, giáo dục, y tế, giảm nghèo và an sinh xã hội",
            "An ninh chính trị, trật tự an toàn xã hội",
            "Xây dựng hệ thống chính trị cơ sở vững mạnh",
        ],
    ),
    (
        2,
        "Phát huy vai trò làm chủ, tinh thần tự quản của Nhân dân, xây dựng khu dân cư đoàn kết, ấm no, "
        "hạnh phúc",
        "Làm chủ và tự quản của Nhân dân",
        [
            "Mô hình tự quản và năng lực tổ chức tự quản",
            "Dân chủ ở cơ sở, hòa giải, giám sát của Nhân dân",
            "Hương ước, quy ước theo Nghị định 61/2023/NĐ-CP",
            "Khu dân cư tự quản bảo vệ môi trường",
            "An ninh trật tự, an toàn giao thông",
            "Văn hóa, phong tục; gia đình hiếu học, khu dân cư hiếu học",
            "Tương thân tương ái, giảm nghèo; tổ hợp tác, hợp tác xã",
            "Ngày hội Đại đoàn kết toàn dân tộc",
        ],
    ),
    (
        3,
        "Phát huy vai trò nòng cốt của Mặt trận Tổ quốc Việt Nam phối hợp với chính quyền, các tổ chức "
        "chính trị - xã hội, các tổ chức xã hội, tôn giáo, những người có uy tín và các cá nhân hảo tâm "
        "cùng tham gia quá trình xây dựng khu dân cư đoàn kết, ấm no, hạnh phúc",
        "Vai trò nòng cốt của Mặt trận và phối hợp",
        [
            "Phối hợp với chính quyền xây dựng nông thôn mới, đô thị văn minh, giảm nghèo bền vững",
            "Cuộc vận động và các phong trào thi đua hướng về khu dân cư",
            "Giám sát, phản biện xã hội; vai trò người có uy tín, tôn giáo, doanh nghiệp, nhà hảo tâm",
        ],
    ),
]

# Until the provincial guidance 05/HD-MTTQ-BTT is entered, an example set (domain.md §4), labelled as such.
EXAMPLE_CRITERIA_NAME = "Bộ tiêu chí mẫu (chờ Hướng dẫn 05/HD-MTTQ-BTT)"

# (code, group, content area number, text)
EXAMPLE_CRITERIA = [
    ("DK1", "doan_ket", 3, "Nhân dân trong khu dân cư đoàn kết, không có khiếu kiện đông người, vượt cấp"),
    (
        "DK2",
        "doan_ket",
        2,
        "Tổ chức Ngày hội Đại đoàn kết toàn dân tộc hằng năm với sự tham gia của đa số hộ",
    ),
    ("DK3", "doan_ket", 3, "Ban công tác Mặt trận và các chi hội đoàn thể hoạt động đều, phối hợp chặt chẽ"),
    ("TQ1", "tu_quan", 2, "Có hương ước, quy ước được công nhận và rà soát hằng năm"),
    ("TQ2", "tu_quan", 2, "Có ít nhất một mô hình tự quản hoạt động hiệu quả"),
    ("TQ3", "tu_quan", 2, "Tổ hòa giải hoạt động, các mâu thuẫn được hòa giải thành ngay tại cơ sở"),
    ("AN1", "am_no", 1, "Thu nhập bình quân đầu người cao hơn mức bình quân của xã, phường"),
    ("AN2", "am_no", 1, "Tỷ lệ hộ nghèo giảm so với năm trước, không phát sinh hộ tái nghèo"),
    ("AN3", "am_no", 1, "Không còn nhà tạm, nhà dột nát"),
    ("HP1", "hanh_phuc", 1, "Trên 90% hộ gia đình đạt danh hiệu Gia đình văn hóa"),
    ("HP2", "hanh_phuc", 2, "Môi trường xanh, sạch, đẹp; rác thải được thu gom, phân loại"),
    ("HP3", "hanh_phuc", 1, "An ninh trật tự được giữ vững, không có tệ nạn xã hội phức tạp"),
]
