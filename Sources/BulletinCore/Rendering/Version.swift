public enum BulletinVersion {
    public static let string = "0.1.0"
}
