# Checks inheritance: super().__init__, overriding, super().method(), isinstance/issubclass, MRO use.
class Animal:
    kind = "animal"
    def __init__(self, name):
        self.name = name
        print("Animal.__init__", name)
    def speak(self):
        return "..."
    def intro(self):
        return "%s the %s says %s" % (self.name, self.kind, self.speak())

class Dog(Animal):
    kind = "dog"
    def __init__(self, name, tricks=()):
        super().__init__(name)
        self.tricks = list(tricks)
        print("Dog.__init__", self.tricks)
    def speak(self):
        return "woof"

class Puppy(Dog):
    def speak(self):
        return super().speak() + "!"

class Cat(Animal):
    kind = "cat"

for pet in [Animal("generic"), Dog("rex", ["sit"]), Puppy("bit"), Cat("tom")]:
    print(pet.intro())
p = Puppy("pip", ("roll",))
print(p.tricks, isinstance(p, Dog), isinstance(p, Animal), isinstance(p, Cat))
print(issubclass(Puppy, Animal), issubclass(Cat, Dog), issubclass(Dog, object))
print(type(p).__name__, Puppy.__bases__[0].__name__, [c.__name__ for c in Puppy.__mro__])

class Base:
    def __init__(self):
        self.order = ["base"]
class Child(Base):
    def __init__(self):
        self.order = ["child-before"]
        super().__init__()
        self.order.append("child-after")
print(Child().order)
class NoInit(Base):
    pass
print(NoInit().order)
