def main() -> None:
    from rect_conformance.cli import main as _main

    _main()


if __name__ == "__main__":
    main()
