# Checks string literals: escapes, raw strings, triple quotes, unicode text and ANSI colour codes.
print("a\tb", "line1\nline2", "back\\slash", 'single \'q\'', "double \"q\"")
print(r"raw\n\t", len(r"\n"), len("\n"), "\x41\u5305")
print("""triple
quoted""", '''x'y"z''')
s = "生产了 包子0"
print(s, len(s), s.split(), s.encode("utf-8")[:3])
print(repr("\033[45m"), len("\033[45m"))
print("\033[45m%s 吃 %s\033[0m" % (1, "包子"))
print("implicit " "concatenation", ("par" "ens"))
long_text = ("第一部分"
             "second part")
print(long_text)
print(repr("\r"), repr("\x00"), repr("é"), repr("包"))
print("é".upper(), "ABC".lower())
print("%-6s|" % "包子", "{:<6}|".format("包子"))
