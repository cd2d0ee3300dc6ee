public enum ScoringCore {}
