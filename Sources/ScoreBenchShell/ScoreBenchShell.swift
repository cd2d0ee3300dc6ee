import ScoringCore
import ScoringStore
import ArgumentParser
@preconcurrency import CReadline
public enum ScoreBenchShell {}
