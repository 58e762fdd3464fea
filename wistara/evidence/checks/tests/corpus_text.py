"""Texts of documents for the tests and the benchmark, in Indonesian, about one indicator each."""

WATER = (
    "Laporan Pengawasan Kualitas Air Minum Dinas Kesehatan. Pada tahun {years} dilakukan pemeriksaan "
    "sampel air minum dari sarana air bersih di setiap kecamatan. Sampel diperiksa di laboratorium "
    "kesehatan daerah untuk parameter fisik, kimia dan mikrobiologi. Hasil pengawasan kualitas air "
    "minum menunjukkan sebagian besar sarana memenuhi syarat. Sarana air yang tidak memenuhi syarat "
    "ditindaklanjuti dengan perbaikan dan pemeriksaan ulang sampel. Inspeksi sanitasi sarana air "
    "minum dilaksanakan oleh petugas sanitarian puskesmas bersama kader."
)
POSYANDU = (
    "Laporan Kegiatan Posyandu Balita. Pada tahun {years} kader posyandu melaksanakan penimbangan "
    "balita setiap bulan, pemberian imunisasi dasar lengkap, penyuluhan gizi dan pemberian makanan "
    "tambahan bagi balita gizi kurang. Jumlah posyandu aktif meningkat dan cakupan penimbangan "
    "balita mencapai target. Kader posyandu mendapat pelatihan pencatatan gizi dan imunisasi."
)
WASTE = (
    "Laporan Pengelolaan Sampah Rumah Tangga. Selama tahun {years} bank sampah di setiap kelurahan "
    "mengumpulkan sampah anorganik untuk didaur ulang, sampah organik diolah menjadi kompos, dan "
    "sisa sampah diangkut ke tempat pembuangan akhir. Jumlah nasabah bank sampah bertambah dan "
    "volume sampah yang dibuang ke tempat pembuangan akhir berkurang."
)
