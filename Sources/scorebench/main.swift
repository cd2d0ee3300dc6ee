import ScoreBenchShell
print("scorebench")
