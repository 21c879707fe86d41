from exporters.names import PersonName, split_name


def test_last_word_is_the_family_name():
    assert split_name("Zoë Ångström") == PersonName("Zoë", "Ångström")
    assert split_name("Mary Ann  Smith") == PersonName("Mary Ann", "Smith")


def test_hyphenated_family_name_stays_whole():
    assert split_name("José Martínez-Núñez") == PersonName("José", "Martínez-Núñez")


def test_lowercase_particles_belong_to_the_family_name():
    assert split_name("Ludwig van Beethoven") == PersonName("Ludwig", "van Beethoven")
    assert split_name("Maria de la Cruz") == PersonName("Maria", "de la Cruz")


def test_generational_suffix_stays_with_the_family_name():
    assert split_name("Martin Luther King Jr.") == PersonName("Martin Luther", "King Jr.")


def test_family_comma_given_is_taken_at_its_word():
    assert split_name("Smith, John") == PersonName("John", "Smith")


def test_single_word_name_is_a_family_name():
    assert split_name("Madonna") == PersonName("", "Madonna")
    assert split_name("李小龙").full == "李小龙"
