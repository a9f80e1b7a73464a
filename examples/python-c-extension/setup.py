from setuptools import Extension, setup

setup(
    name="pqversion",
    version="1.0",
    ext_modules=[
        Extension(
            "pqversion",
            ["pqversion.c"],
            include_dirs=["/usr/include/postgresql"],
            libraries=["pq"],
        )
    ],
)
