/**
 * Vocabulary of a district news portal, for composing demo articles. Slots in braces are filled by
 * compose-article.ts: {Place}/{place} (the district or a ward, capitalised or in running text),
 * {ward}, {activity}, {number}, {percent}, {person}, {position}, {group}.
 */

export const DISTRICT = 'Dương Kinh';
export const WARDS = ['Anh Dũng', 'Hải Thành', 'Hòa Nghĩa', 'Hưng Đạo', 'Đa Phúc', 'Tân Thành'];

export const FAMILY_NAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đỗ', 'Bùi', 'Đặng', 'Ngô'];
export const MIDDLE_NAMES = ['Văn', 'Thị', 'Đức', 'Minh', 'Thanh', 'Quang', 'Thu', 'Hữu'];
export const GIVEN_NAMES = ['Hùng', 'Lan', 'Tuấn', 'Hương', 'Dũng', 'Thảo', 'Cường', 'Hạnh', 'Long', 'Phương', 'Sơn', 'Yến'];
export const POSITIONS = [
  'Phó Bí thư Thường trực Quận ủy',
  'Chủ tịch UBND quận',
  'Phó Chủ tịch UBND quận',
  'Chủ tịch Ủy ban MTTQ Việt Nam quận',
  'Bí thư Đảng ủy phường',
  'Chủ tịch UBND phường',
];

export const GROUPS = [
  'người cao tuổi',
  'hộ nghèo, hộ cận nghèo',
  'gia đình chính sách',
  'đoàn viên thanh niên',
  'hội viên phụ nữ',
  'cán bộ, công chức phường',
  'học sinh có hoàn cảnh khó khăn',
];

/** One kind of news event: what happened, who ran it, how the portal titles it, what the body reports. */
export interface DemoStory {
  activity: string;
  /** District-level bodies; ward-level ones contain {ward}. */
  organizers: string[];
  titles: string[];
  details: string[];
}

export interface DemoTopic {
  /** Category slug (seeds/shared/categories.ts). */
  category: string;
  tag: string;
  /** Label on the topic's stand-in cover image. */
  coverLabel: string;
  /** Relative frequency among demo articles. */
  weight: number;
  stories: DemoStory[];
}

/** Title patterns any story can use. */
export const SHARED_TITLES = ['{Place} tổ chức {activity}', 'Sôi nổi {activity} tại {place}', '{Place}: Hiệu quả từ {activity}'];

export const TOPICS: DemoTopic[] = [
  {
    category: 'do-thi', tag: 'đô thị', coverLabel: 'Đô thị', weight: 3,
    stories: [
      {
        activity: 'đợt ra quân lập lại trật tự vỉa hè, lòng đường',
        organizers: ['Đội Quản lý trật tự xây dựng đô thị quận', 'UBND phường {ward}'],
        titles: ['{Place} lập lại trật tự vỉa hè, lòng đường', 'Ra quân xử lý lấn chiếm vỉa hè tại {place}'],
        details: [
          'Lực lượng chức năng đã nhắc nhở {number} hộ kinh doanh lấn chiếm vỉa hè, tháo dỡ nhiều biển quảng cáo sai quy định.',
          'Các hộ kinh doanh ký cam kết không tái lấn chiếm, giữ gìn mỹ quan đô thị.',
          'Sau đợt ra quân, các tuyến phố chính thông thoáng, người đi bộ thuận tiện hơn.',
        ],
      },
      {
        activity: 'lễ khởi công nâng cấp tuyến đường Mạc Đăng Doanh',
        organizers: ['Ban Quản lý dự án đầu tư xây dựng quận'],
        titles: ['Khởi công nâng cấp tuyến đường Mạc Đăng Doanh', '{Place} đẩy nhanh tiến độ các công trình giao thông trọng điểm'],
        details: [
          'Công trình có tổng mức đầu tư hơn {number} tỷ đồng từ nguồn ngân sách thành phố và quận.',
          'Tuyến đường sau khi hoàn thành sẽ được mở rộng mặt cắt, bổ sung hệ thống chiếu sáng và cây xanh.',
          'Đơn vị thi công cam kết bảo đảm chất lượng, an toàn lao động và vệ sinh môi trường trong suốt quá trình thi công.',
        ],
      },
      {
        activity: 'chiến dịch chỉnh trang đô thị, trồng cây xanh',
        organizers: ['Phòng Quản lý đô thị quận', 'UBND phường {ward}'],
        titles: ['Chỉnh trang đô thị, hiện đại hóa diện mạo {place}', '{Place} trồng mới hàng trăm cây xanh trên các tuyến phố'],
        details: [
          'Đến nay, khối lượng chỉnh trang đã hoàn thành khoảng {percent}% so với kế hoạch.',
          'Nhân dân các tổ dân phố đồng thuận hiến đất, tháo dỡ công trình phụ để mở rộng ngõ xóm.',
          'Các tuyến phố được lát lại vỉa hè, bổ sung thùng rác công cộng và biển chỉ dẫn.',
        ],
      },
    ],
  },
  {
    category: 'y-te', tag: 'y tế', coverLabel: 'Y tế', weight: 3,
    stories: [
      {
        activity: 'ngày hội hiến máu tình nguyện',
        organizers: ['Ban Chỉ đạo vận động hiến máu tình nguyện quận', 'Hội Chữ thập đỏ phường {ward}'],
        titles: ['{Place} tiếp nhận {number} đơn vị máu trong ngày hội hiến máu', 'Lan tỏa phong trào hiến máu tình nguyện tại {place}'],
        details: [
          'Kết quả đã tiếp nhận {number} đơn vị máu đạt tiêu chuẩn, vượt chỉ tiêu kế hoạch được giao.',
          'Nhiều người tham gia hiến máu nhiều lần, trong đó có đoàn viên thanh niên, công nhân và lực lượng vũ trang.',
          'Toàn bộ số máu tiếp nhận được chuyển về Viện Huyết học - Truyền máu để phục vụ cấp cứu, điều trị.',
        ],
      },
      {
        activity: 'chiến dịch tiêm chủng vắc xin sởi - rubella',
        organizers: ['Trung tâm Y tế quận', 'Trạm Y tế phường {ward}'],
        titles: ['{Place} triển khai tiêm vắc xin sởi - rubella cho trẻ em', 'Bảo đảm an toàn tiêm chủng tại {place}'],
        details: [
          'Tỷ lệ trẻ em trong độ tuổi được tiêm chủng đầy đủ đạt {percent}%, không có trường hợp phản ứng nặng sau tiêm.',
          'Các điểm tiêm được bố trí khu vực khám sàng lọc, theo dõi sau tiêm và xử trí phản ứng theo đúng quy định.',
          'Cán bộ y tế đến từng tổ dân phố rà soát, lập danh sách trẻ chưa được tiêm đủ mũi.',
        ],
      },
      {
        activity: 'đợt khám sức khỏe miễn phí cho người cao tuổi',
        organizers: ['Hội Người cao tuổi quận', 'Trạm Y tế phường {ward}'],
        titles: ['Khám sức khỏe, cấp thuốc miễn phí cho {number} người cao tuổi {place}', 'Chăm sóc sức khỏe người cao tuổi tại {place}'],
        details: [
          'Người cao tuổi được đo huyết áp, xét nghiệm đường huyết, tư vấn dinh dưỡng và cấp thuốc miễn phí.',
          'Các trường hợp có dấu hiệu bệnh lý được hướng dẫn chuyển tuyến để điều trị kịp thời.',
          'Chương trình được thực hiện với sự đồng hành của các y, bác sĩ tình nguyện và nhà hảo tâm.',
        ],
      },
    ],
  },
  {
    category: 'giao-duc', tag: 'giáo dục', coverLabel: 'Giáo dục', weight: 3,
    stories: [
      {
        activity: 'lễ khai giảng năm học mới',
        organizers: ['Trường THCS {ward}', 'Trường Tiểu học {ward}'],
        titles: ['Rộn ràng lễ khai giảng năm học mới tại {place}', '{Place}: Học sinh hân hoan bước vào năm học mới'],
        details: [
          'Năm học này, nhà trường đón {number} học sinh, trong đó có nhiều em lần đầu đến trường.',
          'Nhà trường đã đầu tư phòng học bộ môn, thư viện thân thiện và sân chơi cho học sinh.',
          'Dịp này, nhiều suất học bổng được trao cho học sinh vượt khó học tốt.',
        ],
      },
      {
        activity: 'hội thi giáo viên dạy giỏi cấp quận',
        organizers: ['Phòng Giáo dục và Đào tạo quận'],
        titles: ['{number} giáo viên tranh tài tại hội thi giáo viên dạy giỏi {place}', 'Đổi mới phương pháp dạy học qua hội thi giáo viên dạy giỏi'],
        details: [
          'Hội thi thu hút {number} giáo viên đến từ các trường mầm non, tiểu học và trung học cơ sở trên địa bàn.',
          'Nhiều giáo viên mạnh dạn ứng dụng công nghệ thông tin, đổi mới phương pháp dạy học theo hướng phát huy tính chủ động của học sinh.',
          'Ban tổ chức đánh giá các tiết dạy có chất lượng, bám sát chương trình giáo dục phổ thông mới.',
        ],
      },
      {
        activity: 'lễ tuyên dương học sinh giỏi',
        organizers: ['UBND quận', 'Hội Khuyến học phường {ward}'],
        titles: ['{Place} tuyên dương {number} học sinh giỏi cấp thành phố', 'Khen thưởng học sinh đạt thành tích cao tại {place}'],
        details: [
          'Các em học sinh đạt giải được trao giấy khen và phần thưởng, động viên tinh thần thi đua học tập.',
          'Năm học vừa qua, tỷ lệ học sinh hoàn thành chương trình cấp học đạt {percent}%.',
          'Nhiều em đạt giải cao trong các kỳ thi học sinh giỏi cấp thành phố và quốc gia.',
        ],
      },
    ],
  },
  {
    category: 'kinh-te', tag: 'kinh tế', coverLabel: 'Kinh tế', weight: 2,
    stories: [
      {
        activity: 'hội nghị đối thoại với doanh nghiệp, hộ kinh doanh',
        organizers: ['UBND quận', 'Phòng Kinh tế quận'],
        titles: ['{Place} tháo gỡ khó khăn cho doanh nghiệp', 'Đối thoại với doanh nghiệp: lắng nghe để đồng hành'],
        details: [
          'Tại hội nghị, các doanh nghiệp nêu {number} kiến nghị về thủ tục đất đai, thuế và mặt bằng sản xuất.',
          'Lãnh đạo các phòng, ban chuyên môn đã trực tiếp trả lời, làm rõ từng kiến nghị.',
          'Thu ngân sách trên địa bàn ước đạt {percent}% dự toán năm, nhiều khoản thu tăng so với cùng kỳ.',
        ],
      },
      {
        activity: 'lớp tập huấn kỹ thuật trồng rau an toàn',
        organizers: ['Hội Nông dân quận', 'Hội Nông dân phường {ward}'],
        titles: ['Nông dân {place} học kỹ thuật trồng rau an toàn', '{Place} nhân rộng mô hình rau an toàn theo chuỗi'],
        details: [
          'Lớp tập huấn thu hút {number} hội viên nông dân tham gia.',
          'Học viên được hướng dẫn kỹ thuật làm đất, bón phân hữu cơ và sử dụng thuốc bảo vệ thực vật an toàn.',
          'Các hộ tham gia mô hình có thu nhập cao hơn từ 15 đến 20% so với canh tác truyền thống.',
        ],
      },
      {
        activity: 'hội nghị triển khai xây dựng khu dân cư nông thôn mới kiểu mẫu',
        organizers: ['Ban Chỉ đạo xây dựng nông thôn mới quận', 'UBND phường {ward}'],
        titles: ['{Place} phấn đấu hoàn thành tiêu chí nông thôn mới kiểu mẫu', 'Xây dựng nông thôn mới kiểu mẫu: sức bật từ lòng dân'],
        details: [
          'Nhân dân tích cực đóng góp ngày công, kinh phí làm đường giao thông nội đồng, kênh mương.',
          'Đến nay, {percent}% tiêu chí đã cơ bản hoàn thành, các tiêu chí còn lại đang được tập trung thực hiện.',
          'Nhiều tuyến đường hoa, đường cây xanh do nhân dân tự làm đã tạo diện mạo mới cho khu dân cư.',
        ],
      },
    ],
  },
  {
    category: 'chuyen-doi-so', tag: 'chuyển đổi số', coverLabel: 'Chuyển đổi số', weight: 2,
    stories: [
      {
        activity: 'ra mắt tổ công nghệ số cộng đồng',
        organizers: ['UBND phường {ward}', 'Ban Chỉ đạo chuyển đổi số quận'],
        titles: ['Ra mắt tổ công nghệ số cộng đồng tại {place}', '{Place}: Tổ công nghệ số cộng đồng đến với từng khu dân cư'],
        details: [
          'Tổ gồm {number} thành viên là cán bộ khu dân cư, đoàn viên thanh niên và hội viên các đoàn thể.',
          'Các thành viên sẽ hướng dẫn người dân sử dụng dịch vụ công trực tuyến, cài đặt ứng dụng định danh điện tử.',
          'Tỷ lệ hồ sơ thủ tục hành chính được giải quyết trực tuyến trên địa bàn đạt {percent}%.',
        ],
      },
      {
        activity: 'mô hình “Chợ 4.0” thanh toán không dùng tiền mặt',
        organizers: ['Đoàn Thanh niên quận', 'Đoàn Thanh niên phường {ward}'],
        titles: ['{Place} đẩy mạnh thanh toán không dùng tiền mặt', 'Tiểu thương {place} làm quen với thanh toán bằng mã QR'],
        details: [
          'Đã có {number} tiểu thương tại các chợ trên địa bàn sử dụng mã QR để nhận thanh toán.',
          'Đoàn viên thanh niên hỗ trợ tiểu thương mở tài khoản, in và dán mã QR tại từng quầy hàng.',
          'Người dân đi chợ chỉ cần một chiếc điện thoại thông minh để thanh toán nhanh chóng, an toàn.',
        ],
      },
    ],
  },
  {
    category: 'van-hoa-the-thao', tag: 'văn hóa - thể thao', coverLabel: 'Văn hóa - Thể thao', weight: 2,
    stories: [
      {
        activity: 'giải bóng đá thanh niên',
        organizers: ['Trung tâm Văn hóa - Thể thao quận', 'Đoàn Thanh niên quận'],
        titles: ['Khai mạc giải bóng đá thanh niên {place}', 'Sôi động giải bóng đá thanh niên các phường'],
        details: [
          'Giải đấu quy tụ {number} cầu thủ đến từ các phường, cơ quan, đơn vị trên địa bàn quận.',
          'Các trận đấu diễn ra sôi nổi, hấp dẫn trên tinh thần đoàn kết, fair-play.',
          'Giải là dịp để tuyển chọn vận động viên tham dự các giải cấp thành phố.',
        ],
      },
      {
        activity: 'liên hoan văn nghệ quần chúng',
        organizers: ['Phòng Văn hóa và Thông tin quận', 'Ủy ban MTTQ phường {ward}'],
        titles: ['Đặc sắc liên hoan văn nghệ quần chúng {place}', 'Liên hoan văn nghệ chào mừng ngày hội đại đoàn kết tại {place}'],
        details: [
          'Liên hoan có {number} diễn viên, nghệ nhân không chuyên tham gia biểu diễn.',
          'Các tiết mục văn nghệ đặc sắc ca ngợi quê hương, đất nước và tình yêu lao động.',
          'Tỷ lệ gia đình đạt danh hiệu gia đình văn hóa trên địa bàn đạt {percent}%.',
        ],
      },
    ],
  },
  {
    category: 'xa-hoi', tag: 'an sinh xã hội', coverLabel: 'Xã hội', weight: 3,
    stories: [
      {
        activity: 'chương trình trao quà cho {group}',
        organizers: ['Ủy ban MTTQ Việt Nam quận', 'Hội Chữ thập đỏ phường {ward}'],
        titles: ['Trao {number} suất quà cho {group} tại {place}', '{Place} chăm lo đời sống {group}'],
        details: [
          'Mỗi suất quà gồm tiền mặt và nhu yếu phẩm, với tổng trị giá hàng trăm triệu đồng từ nguồn xã hội hóa.',
          'Chương trình nhận được sự hưởng ứng của các doanh nghiệp, nhà hảo tâm trên địa bàn.',
          'Những phần quà thiết thực góp phần động viên các gia đình vượt qua khó khăn.',
        ],
      },
      {
        activity: 'lễ bàn giao nhà đại đoàn kết',
        organizers: ['Ủy ban MTTQ Việt Nam quận', 'UBND phường {ward}'],
        titles: ['Bàn giao nhà đại đoàn kết cho hộ nghèo tại {place}', 'Mái ấm mới cho hộ khó khăn ở {place}'],
        details: [
          'Ngôi nhà được xây dựng kiên cố với kinh phí hỗ trợ từ Quỹ "Vì người nghèo" quận và sự chung tay của cộng đồng.',
          'Gia đình xúc động cảm ơn sự quan tâm của cấp ủy, chính quyền và các nhà hảo tâm.',
          'Từ đầu năm đến nay, quận đã hỗ trợ xây mới, sửa chữa {number} căn nhà cho hộ khó khăn.',
        ],
      },
      {
        activity: 'phiên giao dịch việc làm',
        organizers: ['Phòng Lao động - Thương binh và Xã hội quận'],
        titles: ['Phiên giao dịch việc làm thu hút đông đảo người lao động {place}', 'Hàng trăm vị trí việc làm được giới thiệu tại {place}'],
        details: [
          'Tại phiên giao dịch, {number} lượt người lao động được tư vấn việc làm, học nghề và chính sách bảo hiểm thất nghiệp.',
          'Các doanh nghiệp trong khu công nghiệp có nhu cầu tuyển dụng lớn ở các vị trí công nhân, kỹ thuật viên.',
          'Nhiều người lao động được phỏng vấn và nhận việc ngay tại phiên giao dịch.',
        ],
      },
    ],
  },
];

/** Second paragraph: who spoke, and what they asked for. */
export const SPEECHES = [
  'Phát biểu tại buổi lễ, đồng chí {person}, {position} ghi nhận kết quả đạt được và đề nghị các đơn vị tiếp tục phối hợp chặt chẽ, triển khai đồng bộ các giải pháp.',
  'Đồng chí {person}, {position} nhấn mạnh đây là nhiệm vụ trọng tâm, cần sự vào cuộc của cả hệ thống chính trị và sự đồng thuận của nhân dân.',
  'Theo đồng chí {person}, {position}, kết quả trên là tiền đề quan trọng để quận hoàn thành các chỉ tiêu kinh tế - xã hội của năm.',
];

/** Last paragraph: what comes next. The portal ends articles with "./.". */
export const CLOSINGS = [
  'Thời gian tới, {place} tiếp tục đẩy mạnh tuyên truyền, nhân rộng các mô hình hiệu quả./.',
  'Dịp này, nhiều tập thể, cá nhân có thành tích xuất sắc đã được khen thưởng./.',
  '{Place} sẽ sơ kết, rút kinh nghiệm để tổ chức hoạt động ngày càng hiệu quả hơn./.',
];
