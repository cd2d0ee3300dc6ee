import ScoringCore
public enum ScoringStore {}
