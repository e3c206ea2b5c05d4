# Checks an uncaught custom exception raised deep in calls: its name without __main__, exit 1.
class TicketError(Exception):
    pass

def buy(n):
    if n > 1:
        return buy(n - 1)
    raise TicketError("no tickets left for %s" % "anne")

print("buying")
try:
    buy(3)
except ValueError:
    print("wrong handler")
finally:
    print("finally still runs")
