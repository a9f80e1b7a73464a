def main():
    print("shortener 0.2.0")
